import type { Metadata } from "next";
import Link from "next/link";
import { SyntheticDataBanner } from "@/components/synthetic-data-banner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Attack Tracker", template: "%s · Attack Tracker" },
  description: "Militia attacks on coalition forces in Iraq, Syria and the region: map, timeline and data.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <SyntheticDataBanner />
        <header className="border-b border-stone-300 bg-white">
          <nav className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
            <Link href="/" className="text-lg font-bold tracking-tight">
              Attack Tracker
            </Link>
            <Link href="/" className="text-sm hover:underline">Dashboard</Link>
            <Link href="/incidents" className="text-sm hover:underline">Incidents</Link>
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
