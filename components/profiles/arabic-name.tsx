/**
 * An Arabic name inside English text: <bdi> isolates its right-to-left run, so the punctuation and
 * numbers around it keep their places, and `lang` lets screen readers and fonts treat it as Arabic.
 */
export function ArabicName({ children, className }: { children: string; className?: string }) {
  return (
    <bdi lang="ar" dir="rtl" className={className}>
      {children}
    </bdi>
  );
}
