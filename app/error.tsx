"use client";

// Unexpected failures: the user sees a plain message and a reference; details stay in the server log.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3" data-testid="error-page">
      <h1 className="text-xl font-bold">Something went wrong</h1>
      <p>The page could not be loaded. If the database is restarting, try again in a moment.</p>
      {error.digest && <p className="text-sm text-stone-600">Reference: {error.digest}</p>}
      <button type="button" onClick={reset} className="rounded bg-stone-800 px-3 py-1.5 text-white">
        Try again
      </button>
    </div>
  );
}
