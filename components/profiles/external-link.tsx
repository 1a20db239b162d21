/** External links open in a new tab without giving it a handle on this page or a referrer. */
export function ExternalLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" referrerPolicy="no-referrer" className="break-all text-blue-800 underline">
      {children}
    </a>
  );
}
