import Link from "next/link";

export default function PermalinkNotFound() {
  return (
    <div className="card empty">
      <strong>This link does not exist</strong>
      The permalink is mistyped, or its incident was deleted (which removes its links too).{" "}
      <Link href="/">Back to incidents</Link>
    </div>
  );
}
