import Link from 'next/link';

// Rendered with status 403 when a signed-in reader lacks the role a page needs (lib/auth/guard.ts).
export default function Forbidden() {
  return (
    <div className="mt-12 max-w-xl">
      <h1 className="mb-2 text-2xl font-semibold text-slate-900">Not allowed</h1>
      <p className="mb-4 text-slate-700">
        Your role does not allow this page. Viewers can read everything; editors change the registry; admins manage users and
        tokens. Ask an admin for a higher role if you need it.
      </p>
      <Link href="/">Back to the overview</Link>
    </div>
  );
}
