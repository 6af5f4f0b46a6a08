/** Types generated for queries found in "lib/audit.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'InsertAuditEvents' parameters type */
export interface IInsertAuditEventsParams {
  actorId?: string | null | void;
  entries: string;
  ip?: string | null | void;
  requestId?: string | null | void;
}

/** 'InsertAuditEvents' return type */
export type IInsertAuditEventsResult = void;

/** 'InsertAuditEvents' query type */
export interface IInsertAuditEventsQuery {
  params: IInsertAuditEventsParams;
  result: IInsertAuditEventsResult;
}

const insertAuditEventsIR: any = {"usedParamSet":{"actorId":true,"requestId":true,"ip":true,"entries":true},"params":[{"name":"actorId","required":false,"transform":{"type":"scalar"},"locs":[{"a":102,"b":109}]},{"name":"requestId","required":false,"transform":{"type":"scalar"},"locs":[{"a":126,"b":135}]},{"name":"ip","required":false,"transform":{"type":"scalar"},"locs":[{"a":152,"b":154}]},{"name":"entries","required":true,"transform":{"type":"scalar"},"locs":[{"a":268,"b":276}]}],"statement":"INSERT INTO audit_events (actor_id, request_id, ip, action, entity_type, entity_id, meta)\nSELECT CAST(:actorId AS uuid), CAST(:requestId AS text), CAST(:ip AS text), e.action, e.entity_type, e.entity_id, COALESCE(e.meta, '{}'::jsonb)\nFROM jsonb_to_recordset(CAST(CAST(:entries! AS text) AS jsonb)) AS e(action text, entity_type text, entity_id text, meta jsonb)"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO audit_events (actor_id, request_id, ip, action, entity_type, entity_id, meta)
 * SELECT CAST(:actorId AS uuid), CAST(:requestId AS text), CAST(:ip AS text), e.action, e.entity_type, e.entity_id, COALESCE(e.meta, '{}'::jsonb)
 * FROM jsonb_to_recordset(CAST(CAST(:entries! AS text) AS jsonb)) AS e(action text, entity_type text, entity_id text, meta jsonb)
 * ```
 */
export const insertAuditEvents = new PreparedQuery<IInsertAuditEventsParams,IInsertAuditEventsResult>(insertAuditEventsIR);


