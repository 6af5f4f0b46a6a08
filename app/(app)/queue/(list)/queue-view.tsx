"use client";
// Today's queue in the browser (issue 5). The server renders it first (initialData: the list is
// there before any JavaScript runs); TanStack Query then refreshes it in the background every
// minute and shares it with the call screen's outcome form, which changes a task optimistically
// after recording. Everything shown is recomputed here from the items the cache holds: progress,
// order, what can be called now. A failed refresh keeps the last list, says from when, offers a retry.
// The cache lives in memory only (components/query-provider.tsx): nothing goes to localStorage.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import Link from "next/link";
import { onlineManager, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { QUEUE_QUERY_KEY, type Queue, type QueueFilter, type QueueItem } from "@/lib/calls/queue-types";
import {
  QUEUE_FILTERS,
  isOpen,
  matchesFilter,
  progressOf,
  refreshQueue,
  waitReason,
} from "@/lib/calls/queue-rules";
import { localDay, minuteOfDay } from "@/lib/site-clock";
import { hhmmOf } from "@/lib/minutes";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/card";
import { ReasonBadge } from "@/components/reason-badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export type QueueLabels = {
  /** calls.reasons.* in her language. */
  reasons: Record<string, string>;
  /** Language names of the programme settings, by code. */
  languages: Record<string, string>;
};


async function fetchQueue(): Promise<Queue> {
  const res = await fetch("/api/queue", { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!res.ok) throw new Error(`queue ${res.status}`);
  return (await res.json()) as Queue;
}

function useOnline(): boolean {
  return useSyncExternalStore(
    (cb) => onlineManager.subscribe(cb),
    () => onlineManager.isOnline(),
    () => true,
  );
}

/** The server's clock, as well as we know it: a cheap phone's clock is often wrong, and "callable
 * now" depends on the time of day at the site. Ticks every 30 seconds. */
function useServerNow(readAt: string): number {
  const skew = useRef(0);
  const [now, setNow] = useState(() => Date.parse(readAt));
  useEffect(() => {
    skew.current = Date.parse(readAt) - Date.now();
    setNow(Date.now() + skew.current);
    const id = setInterval(() => setNow(Date.now() + skew.current), 30_000);
    return () => clearInterval(id);
  }, [readAt]);
  return now;
}

/** `nextCall`: the "Next call" form (a server action, works before JavaScript), kept in the sticky
 * bar with today's progress so both stay in reach while she scrolls a long list on a phone. */
export function QueueView({ initial, labels, nextCall }: { initial: Queue; labels: QueueLabels; nextCall?: React.ReactNode }) {
  const t = useTranslations("queue");
  const tcs = useTranslations("callscreen");
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: QUEUE_QUERY_KEY,
    queryFn: fetchQueue,
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.readAt),
    refetchInterval: 60_000,
  });
  // A new server render (back from the call screen, a reload) is newer than what the cache holds.
  useEffect(() => {
    const cached = queryClient.getQueryData<Queue>(QUEUE_QUERY_KEY);
    if (cached && Date.parse(cached.readAt) < Date.parse(initial.readAt)) {
      queryClient.setQueryData(QUEUE_QUERY_KEY, initial, { updatedAt: Date.parse(initial.readAt) });
    }
  }, [initial, queryClient]);

  const queue = query.data;
  const online = useOnline();
  const nowMs = useServerNow(queue.readAt);
  const now = useMemo(() => new Date(nowMs), [nowMs]);
  const timeZone = queue.site?.timeZone ?? "UTC";
  // At the server's reading (the first render, hydration) its own minute of the site's day: the
  // first Intl.DateTimeFormat with a time zone costs a slow phone about 100 ms, and is then paid
  // after hydration, on the first tick (decision 046).
  const nowMinute = nowMs === Date.parse(queue.readAt) ? queue.nowMinute : minuteOfDay(timeZone, now);
  const items = useMemo(() => refreshQueue(queue.items, now, nowMinute), [queue.items, now, nowMinute]);
  const progress = progressOf(items);
  const [filter, setFilter] = useState<QueueFilter>("all");
  const shown = items.filter((i) => matchesFilter(i, filter, now));
  const counts = Object.fromEntries(QUEUE_FILTERS.map((f) => [f, items.filter((i) => matchesFilter(i, f, now)).length])) as Record<QueueFilter, number>;

  const refreshFailed = query.isRefetchError || (!online && query.fetchStatus !== "fetching");
  const listTime = hhmmOf(queue.nowMinute);
  const retry = () => void query.refetch();

  if (items.length === 0) {
    return (
      <div className="space-y-3">
        {refreshFailed && <RefreshAlert text={t(online ? "refreshFailed" : "offline", { time: listTime })} onRetry={retry} label={t("retry")} />}
        <EmptyState title={t("emptyTitle")}>
          <span id="queue-list-title" data-testid="queue-empty">
            {!queue.workingDay ? t("emptyNotWorkingDay") : !queue.worksToday ? t("emptyNotWorking") : t("emptyHint")}
          </span>
        </EmptyState>
      </div>
    );
  }

  const total = progress.done + progress.toDo + progress.retryLater;
  const pct = (n: number) => (total ? (n / total) * 100 : 0);
  return (
    <div className="space-y-3">
      {refreshFailed && <RefreshAlert text={t(online ? "refreshFailed" : "offline", { time: listTime })} onRetry={retry} label={t("retry")} />}
      <div className="sticky top-0 z-20 rounded-lg border border-slate-200 bg-white/95 p-3 shadow-sm backdrop-blur sm:p-4" data-testid="queue-sticky">
        <div className="flex items-center justify-between gap-3">
          <div className="min-w-0 flex-1">
            <h2 className="text-sm font-semibold sm:text-base">{t("progressTitle")}</h2>
            <div className="mt-1 flex h-2 w-full overflow-hidden rounded-full bg-slate-200 sm:h-3" aria-hidden="true">
              <div className="bg-green-600" style={{ width: `${pct(progress.done)}%` }} />
              <div className="bg-amber-500" style={{ width: `${pct(progress.retryLater)}%` }} />
            </div>
            <p className="mt-1 text-xs text-slate-800 sm:text-sm" data-testid="queue-progress">
              {t("progressText", progress)}
            </p>
            <p className="sr-only">{t("progressBar", { done: progress.done, total })}</p>
          </div>
          {nextCall}
        </div>
      </div>

      <div role="group" aria-label={t("filtersLabel")} className="flex flex-wrap gap-2" data-testid="queue-filters">
        {QUEUE_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
            className={cn(
              "inline-flex min-h-11 min-w-11 items-center gap-1 rounded-full border px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
              filter === f ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-900 hover:bg-slate-100",
            )}
          >
            {t(`filters.${f}`)}
            <span className={cn("rounded-full px-1.5 text-xs", filter === f ? "bg-white/20" : "bg-slate-100")}>{counts[f]}</span>
          </button>
        ))}
      </div>

      <p id="queue-list-title" className="text-sm text-slate-700">
        {t("count", { n: items.length })}
      </p>
      {shown.length === 0 ? (
        <div data-testid="queue-filter-empty">
          <EmptyState title={t(`filterEmpty.${filter}`)} />
        </div>
      ) : (
        <ol className="space-y-2 sm:space-y-3" data-testid="queue-list" aria-labelledby="queue-list-title">
          {shown.map((item) => (
            <TaskCard key={item.id} item={item} labels={labels} now={now} nowMinute={nowMinute} timeZone={timeZone} day={queue.day} openLabel={tcs("openTask", { firstName: `${item.firstName} ${item.surnameInitial}.` })} />
          ))}
        </ol>
      )}
    </div>
  );
}

function RefreshAlert({ text, label, onRetry }: { text: string; label: string; onRetry: () => void }) {
  return (
    <Alert>
      <div className="flex flex-wrap items-center justify-between gap-2" data-testid="queue-refresh-failed">
        <span>{text}</span>
        <Button variant="secondary" onClick={onRetry}>
          {label}
        </Button>
      </div>
    </Alert>
  );
}

function TaskCard({
  item,
  labels,
  now,
  nowMinute,
  timeZone,
  day,
  openLabel,
}: {
  item: QueueItem;
  labels: QueueLabels;
  now: Date;
  nowMinute: number;
  timeZone: string;
  day: string;
  openLabel: string;
}) {
  const t = useTranslations("queue");
  const wait = waitReason(item, now, nowMinute);
  const open = isOpen(item.status);
  const muted = !open || !item.callableNow;
  let waitText: string | null = null;
  if (wait === "retryLater" && item.nextAttemptAt) {
    const at = new Date(item.nextAttemptAt);
    waitText = localDay(timeZone, at) === day ? t("wait.retryLater", { time: hhmmOf(minuteOfDay(timeZone, at)) }) : t("wait.retryLaterDay");
  } else if (wait) {
    waitText = t(`wait.${wait}`);
  }
  const safe =
    item.safeFromMinute !== null && item.safeToMinute !== null
      ? t("safeHours", { from: hhmmOf(item.safeFromMinute), to: hhmmOf(item.safeToMinute) })
      : t("anyTime");
  return (
    <li data-testid="queue-task" data-status={item.status} data-callable={item.callableNow ? "true" : "false"}>
      <Card className={cn(muted && "border-slate-200 bg-slate-50 text-slate-600")}>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-base font-semibold">
            <Link
              href={`/queue/${item.id}`}
              className={cn("inline-flex min-h-11 items-center underline", muted ? "text-slate-700" : "text-brand-700")}
              aria-label={openLabel}
              data-testid="queue-task-link"
            >
              {item.firstName} {item.surnameInitial ? `${item.surnameInitial}.` : ""}
            </Link>{" "}
            <span className="ml-1 text-sm font-normal text-slate-700" data-testid="queue-task-who">
              {t("who", { age: item.age, infant: item.infantName ?? "", hasInfant: item.infantName ? "yes" : "no" })}
            </span>
          </h2>
          <span className="text-xs text-slate-600">
            {t(`status.${item.status}`)} · {t("attempts", { n: item.attempts })}
          </span>
        </div>
        <ul className="mt-1 flex flex-wrap gap-1 sm:mt-2" aria-label={t("reasonsLabel")}>
          {item.reasons.map((r) => (
            <li key={r}>
              <ReasonBadge reason={r} label={labels.reasons[r] ?? r} />
            </li>
          ))}
          <li>
            <Badge tone="green">{t("priority", { n: item.priority })}</Badge>
          </li>
        </ul>
        <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-700 sm:mt-2">
          <span>{t("language", { language: labels.languages[item.language] ?? item.language })}</span>
          <span>{item.hasPhone ? safe : null}</span>
        </p>
        {waitText && (
          <p className="mt-1 text-sm font-medium text-amber-900" data-testid="queue-wait">
            {waitText}
          </p>
        )}
        {item.saving && (
          <p className="mt-1 text-sm text-slate-700" role="status">
            {t("saving")}
          </p>
        )}
        <Why taskId={item.id} sex={item.sex} />
      </Card>
    </li>
  );
}

type WhyAnswer = { lines: string[] };

/** "Why is she on my list?": fetched the first time it is opened, then kept for the page's life.
 * The query lives in WhyAnswerOf, mounted on the first opening: 40 closed cards hydrate without 40
 * query observers (decision 046). */
function Why({ taskId, sex }: { taskId: string; sex: string }) {
  const t = useTranslations("queue");
  const [opened, setOpened] = useState(false);
  return (
    <details className="mt-2 text-sm" onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary className="min-h-11 cursor-pointer py-2 font-medium text-brand-700">{t("why", { sex })}</summary>
      {opened ? <WhyAnswerOf taskId={taskId} /> : <WhyLoading />}
    </details>
  );
}

function WhyLoading() {
  const t = useTranslations("queue");
  return (
    <p role="status" className="text-slate-600">
      {t("whyLoading")}
    </p>
  );
}

function WhyAnswerOf({ taskId }: { taskId: string }) {
  const t = useTranslations("queue");
  const why = useQuery({
    // Not under QUEUE_QUERY_KEY: refreshing the queue must not refetch every explanation.
    queryKey: ["queue-why", taskId],
    queryFn: async (): Promise<WhyAnswer> => {
      const res = await fetch(`/api/queue/${taskId}/why`, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!res.ok) throw new Error(`why ${res.status}`);
      return (await res.json()) as WhyAnswer;
    },
    staleTime: Infinity,
  });
  if (why.data) {
    return (
      <ul className="list-disc space-y-1 pl-5 text-slate-800" data-testid="queue-why">
        {why.data.lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    );
  }
  if (why.isError) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <span role="alert">{t("whyFailed")}</span>
        <Button variant="secondary" onClick={() => void why.refetch()}>
          {t("retry")}
        </Button>
      </div>
    );
  }
  return <WhyLoading />;
}
