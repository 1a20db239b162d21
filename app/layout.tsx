import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { DataProvenance } from "@/components/data-provenance";
import { actorCan, getActor } from "@/lib/auth/guards";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Attack Tracker", template: "%s · Attack Tracker" },
  description: "The sourced public record of attacks by Iran-aligned militias on US and coalition forces in Iraq, Syria and Jordan since 17 October 2023: map, timeline, claims, published tallies and data.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const actor = await getActor();
  return (
    <html lang="en">
      <body className="min-h-screen">
        {/* The first Tab stop: past the banner and the navigation, straight to the page's content. */}
        <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-[2000] focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:font-semibold focus:shadow">
          Skip to content
        </a>
        <DataProvenance />
        <header className="border-b border-stone-300 bg-white">
          {/* Wraps onto more lines on a narrow screen rather than widening the page. */}
          <nav className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3">
            <Link href="/" className="text-lg font-bold tracking-tight">
              Attack Tracker
            </Link>
            <Link href="/" className="text-sm hover:underline">Dashboard</Link>
            <Link href="/incidents" className="text-sm hover:underline">Incidents</Link>
            <Link href="/tallies" className="text-sm hover:underline">Published counts</Link>
            <Link href="/docs/methodology" className="text-sm hover:underline">Methodology</Link>
            <Link href="/docs" className="text-sm hover:underline">Docs</Link>
            {actorCan(actor, "create:incident") && <Link href="/incidents/new" className="text-sm hover:underline">New incident</Link>}
            {actorCan(actor, "read:draft") && <Link href="/review" className="text-sm hover:underline">Review</Link>}
            {actorCan(actor, "import:incident") && <Link href="/import" className="text-sm hover:underline">Import</Link>}
            {actorCan(actor, "manage:users") && <Link href="/admin/users" className="text-sm hover:underline">Users</Link>}
            <span className="ml-auto flex min-w-0 items-center gap-3">
              {actor.userId ? (
                <>
                  <span className="min-w-0 truncate text-sm text-stone-600" data-testid="signed-in-as">{actor.label} ({actor.role})</span>
                  <SignOutButton />
                </>
              ) : (
                <Link href="/login" className="text-sm hover:underline">Sign in</Link>
              )}
            </span>
          </nav>
        </header>
        <main id="content" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">{children}</main>
      </body>
    </html>
  );
}
