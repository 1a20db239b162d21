import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getActor } from "@/lib/auth/guards";
import { safeReturnPath } from "@/lib/auth/return-path";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const next = (await searchParams).next;
  const returnTo = safeReturnPath(typeof next === "string" ? next : null);
  if ((await getActor()).userId) redirect(returnTo);
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">Sign in</h1>
      <p className="text-sm text-stone-600">Editors and administrators sign in to add and correct incidents.</p>
      <SignInForm returnTo={returnTo} />
    </div>
  );
}
