'use client';
// Shown when a page fails to render, typically because the database does not answer.
import { useEffect } from 'react';

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="max-w-xl rounded-lg border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-900">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-red-800">
        The server could not answer, most often because the database is unavailable. Check{' '}
        <a className="underline" href="/api/v1/health">
          /api/v1/health
        </a>{' '}
        and try again.
      </p>
      {error.digest ? <p className="mt-2 text-xs text-red-700">Reference: {error.digest}</p> : null}
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
      >
        Try again
      </button>
    </div>
  );
}
