"use client";

import { useRouter } from "next/navigation";

/** Deletes the session row on the server (the cookie alone would still be accepted until then). */
export function SignOutButton() {
  const router = useRouter();
  async function signOut() {
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    router.replace("/");
    router.refresh();
  }
  return (
    <button type="button" onClick={signOut} className="text-sm hover:underline" data-testid="sign-out">
      Sign out
    </button>
  );
}
