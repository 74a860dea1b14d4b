/** A small error beside the button that caused it, announced to screen readers. */
export function InlineError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <span role="alert" className="ml-2 text-xs text-red-800">
      {message}
    </span>
  );
}
