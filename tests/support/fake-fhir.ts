// A small FHIR R4 server for the tests (issue 10): it serves the Appointment and Observation
// searches the pull makes, from resources the test sets, with the patients `_include`d, paging by
// `_count`, `_lastUpdated=gt...` honoured, and a bearer token required. Loopback only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FhirResource } from "@/lib/facility/fhir";

export type FakeFhir = {
  url: string;
  /** The resources it holds, by type; replace an entry to publish a new version. */
  resources: { Appointment: FhirResource[]; Observation: FhirResource[]; Patient: FhirResource[] };
  /** Every request it answered (path and query), for assertions. */
  requests: string[];
  close: () => Promise<void>;
};

export async function startFakeFhir(token: string): Promise<FakeFhir> {
  const state: FakeFhir["resources"] = { Appointment: [], Observation: [], Patient: [] };
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(`${url.pathname}${url.search}`);
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { "Content-Type": "application/fhir+json" }).end(JSON.stringify({ resourceType: "OperationOutcome" }));
      return;
    }
    const type = url.pathname.split("/").pop() as "Appointment" | "Observation";
    if (type !== "Appointment" && type !== "Observation") {
      res.writeHead(404).end();
      return;
    }
    const since = url.searchParams.get("_lastUpdated")?.replace(/^gt/, "");
    const codes = url.searchParams.get("code")?.split(",") ?? null;
    const count = Number(url.searchParams.get("_count") ?? 100);
    const offset = Number(url.searchParams.get("_offset") ?? 0);
    const matching = state[type].filter(
      (r) =>
        (!since || Date.parse(r.meta?.lastUpdated ?? "") > Date.parse(since)) &&
        (!codes || (r.code?.coding ?? []).some((c) => c.code && codes.includes(c.code))),
    );
    const page = matching.slice(offset, offset + count);
    const patientIds = new Set(
      page.map((r) => (r.subject?.reference ?? r.participant?.[0]?.actor?.reference ?? "").replace("Patient/", "")),
    );
    const entry = [
      ...page.map((resource) => ({ resource, search: { mode: "match" } })),
      ...state.Patient.filter((p) => patientIds.has(p.id ?? "")).map((resource) => ({ resource, search: { mode: "include" } })),
    ];
    const next = offset + count < matching.length ? new URL(req.url ?? "/", `http://${req.headers.host}`) : null;
    next?.searchParams.set("_offset", String(offset + count));
    res.writeHead(200, { "Content-Type": "application/fhir+json" }).end(
      JSON.stringify({ resourceType: "Bundle", type: "searchset", entry, link: next ? [{ relation: "next", url: next.toString() }] : [] }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/fhir`,
    resources: state,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
