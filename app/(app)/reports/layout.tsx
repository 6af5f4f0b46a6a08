import { requireActor } from "@/lib/auth";

// The permission is checked here, outside the loading boundary (loading.tsx): a page under a
// loading boundary streams its shell first, so a "not found" thrown by the page itself would go
// out with status 200. Thrown by the layout, it is a real 404 (tests/security/http.spec.ts).
export default async function ReportsLayout({ children }: { children: React.ReactNode }) {
  await requireActor("reports.view");
  return children;
}
