"use client";

// While the table's next sort or page loads, the rows already shown stay on screen (dimmed, marked
// aria-busy) and a status line says "Loading…": the links navigate inside a React transition, so
// the old page is kept until the new one is ready. Without this frame they are ordinary links.

import Link from "next/link";
import { useRouter } from "next/navigation";
import { createContext, useContext, useTransition } from "react";

type Navigation = { isPending: boolean; navigate(href: string, options: { scroll: boolean }): void };
const TableNavigationContext = createContext<Navigation | null>(null);

export function TableNavigationFrame({ children }: { children: React.ReactNode }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const navigate: Navigation["navigate"] = (href, { scroll }) => startTransition(() => router.push(href, { scroll }));
  return (
    <TableNavigationContext.Provider value={{ isPending, navigate }}>
      <div aria-busy={isPending} data-testid="incident-table-frame" data-pending={isPending || undefined} className="relative space-y-2">
        <p role="status" aria-live="polite" className="h-5 text-sm text-stone-600" data-testid="incident-table-loading">
          {isPending && (
            <span className="inline-flex items-center gap-2">
              <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-stone-400 border-t-transparent" />
              Loading…
            </span>
          )}
        </p>
        <div className={isPending ? "opacity-60 transition-opacity duration-200" : undefined}>{children}</div>
      </div>
    </TableNavigationContext.Provider>
  );
}

/**
 * A link that changes the table (a sort, a page). A plain click navigates in the frame's transition;
 * a click meant for a new tab or window is left to the browser.
 */
export function TableNavigationLink({ href, scroll = false, children, ...props }: Omit<React.ComponentProps<typeof Link>, "href"> & { href: string; scroll?: boolean }) {
  const navigation = useContext(TableNavigationContext);
  return (
    <Link
      {...props}
      href={href}
      scroll={scroll}
      onClick={(event) => {
        if (!navigation || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigation.navigate(href, { scroll });
      }}
    >
      {children}
    </Link>
  );
}
