import { requireActor } from "@/lib/auth";

// The queue list streams (loading.tsx): the page's shell - and with it the <script> tags of the
// framework - leaves the server before the list is read, so a phone on 3G fetches the JavaScript
// while the server is still working. The permission is checked here, outside the loading
// boundary: a "not found" thrown by the page itself would go out with status 200 (as reports/).
export default async function QueueListLayout({ children }: { children: React.ReactNode }) {
  await requireActor("queue.work");
  return children;
}
