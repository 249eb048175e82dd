import Link from "next/link";

export default function NotFound() {
  return (
    <div className="card empty">
      <strong>Not found</strong>
      This incident or link does not exist (it may have been deleted). <Link href="/">Back to incidents</Link>
    </div>
  );
}
