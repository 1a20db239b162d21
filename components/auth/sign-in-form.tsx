"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { safeReturnPath } from "@/lib/auth/return-path";

// Posts to Better Auth's own endpoint (not a server action) so that its per-address rate limit
// applies; the session cookie comes back HttpOnly on the response.
export function SignInForm({ returnTo }: { returnTo: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function signIn(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      if (response.ok) {
        // Checked again where it is followed: whoever renders this form, it never leaves the site.
        router.replace(safeReturnPath(returnTo));
        router.refresh();
        return;
      }
      setError(await signInError(response));
    } catch {
      setError("The server could not be reached. Try again.");
    }
    setPending(false);
  }

  return (
    <form onSubmit={signIn} className="space-y-3" data-testid="sign-in-form">
      <label className="block">
        <span className="text-sm font-semibold">E-mail</span>
        <input name="email" type="email" autoComplete="username" required className="mt-1 w-full rounded border border-stone-400 px-2 py-1.5" />
      </label>
      <label className="block">
        <span className="text-sm font-semibold">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded border border-stone-400 px-2 py-1.5" />
      </label>
      {error && <p role="alert" className="text-sm text-red-800" data-testid="sign-in-error">{error}</p>}
      <button type="submit" disabled={pending} className="rounded bg-stone-800 px-4 py-1.5 text-white disabled:opacity-60">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

async function signInError(response: Response): Promise<string> {
  if (response.status === 429) return "Too many sign-in attempts. Wait a few minutes, then try again.";
  if (response.status === 403) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    return body?.message === "This account is deactivated." ? body.message : "Sign-in was refused.";
  }
  // One message for a wrong e-mail or password: never reveal which accounts exist.
  return "Wrong e-mail or password.";
}
