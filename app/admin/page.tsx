import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminConsole } from "@/components/auth/admin-console";
import { requirePageUser } from "@/lib/auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Administration" };

export default async function AdminPage() {
  const identity = await requirePageUser("/admin");
  if (identity.kind !== "user" || identity.user.role !== "admin") notFound(); // local mode has no accounts
  return <AdminConsole />;
}
