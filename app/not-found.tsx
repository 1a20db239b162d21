import Link from "next/link";

export default function NotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-bold">Not found</h1>
      <p>
        There is nothing at this address. <Link href="/" className="underline">Back to the dashboard</Link>
      </p>
    </div>
  );
}
