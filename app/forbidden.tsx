import Link from "next/link";

export default function Forbidden() {
  return (
    <div role="alert" className="space-y-3" data-testid="forbidden-page">
      <h1 className="text-xl font-bold">Not allowed</h1>
      <p>Your role does not allow this page. Ask an administrator if you need access.</p>
      <Link href="/" className="text-blue-800 underline">Back to the dashboard</Link>
    </div>
  );
}
