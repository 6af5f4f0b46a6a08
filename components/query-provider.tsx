"use client";
// TanStack Query for the Mentor Mother's queue (decision 007): one QueryClient per browser tab,
// kept in memory only - never persisted, because the queue and unsent outcomes are health data.
import { useState } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";

export function QueryProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // A slow 3G phone: reuse what we have for a while, refresh quietly in the background.
          queries: { staleTime: 30_000, refetchOnWindowFocus: true, retry: 2 },
          // A recorded outcome carries its idempotency key, so a retry with the same variables is safe.
          mutations: { retry: 3, retryDelay: (n) => Math.min(1000 * 2 ** n, 8000) },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
