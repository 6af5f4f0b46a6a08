/** Types generated for queries found in "lib/calls/tasks.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type Disposition = 'ANSWERED_BY_OTHER' | 'BUSY' | 'CALLBACK_REQUESTED' | 'CALL_DROPPED' | 'DECLINED' | 'NOT_IN_SERVICE' | 'NO_ANSWER' | 'OPTED_OUT' | 'REACHED' | 'UNREACHABLE' | 'VOICEMAIL' | 'WRONG_NUMBER';

export type TaskStatus = 'CANCELLED' | 'CARRIED_OVER' | 'CLAIMED' | 'DONE' | 'ESCALATED' | 'PENDING' | 'RETRY_LATER';

export type DateOrString = Date | string;

export type stringArray = (string)[];

/** 'RecordAttempt' parameters type */
export interface IRecordAttemptParams {
  attempts: number;
  callbackAt?: DateOrString | null | void;
  cause: string;
  clientId: string;
  correctsId?: string | null | void;
  day: DateOrString;
  details: string;
  disposition: Disposition;
  flagPhone?: string | null | void;
  key: string;
  mentorId: string;
  nextAttemptAt?: DateOrString | null | void;
  now: DateOrString;
  phoneId?: string | null | void;
  reached: boolean;
  reasons: stringArray;
  status: TaskStatus;
  taskId: string;
  version: number;
}

/** 'RecordAttempt' return type */
export interface IRecordAttemptResult {
  escalation_id: string | null;
  id: string;
  task_id: string | null;
}

/** 'RecordAttempt' query type */
export interface IRecordAttemptQuery {
  params: IRecordAttemptParams;
  result: IRecordAttemptResult;
}

const recordAttemptIR: any = {"usedParamSet":{"taskId":true,"clientId":true,"mentorId":true,"phoneId":true,"disposition":true,"details":true,"callbackAt":true,"key":true,"correctsId":true,"now":true,"status":true,"attempts":true,"nextAttemptAt":true,"version":true,"cause":true,"reasons":true,"day":true,"reached":true,"flagPhone":true},"params":[{"name":"taskId","required":true,"transform":{"type":"scalar"},"locs":[{"a":176,"b":183},{"a":796,"b":803},{"a":1451,"b":1458}]},{"name":"clientId","required":true,"transform":{"type":"scalar"},"locs":[{"a":200,"b":209},{"a":1007,"b":1016},{"a":1689,"b":1698}]},{"name":"mentorId","required":true,"transform":{"type":"scalar"},"locs":[{"a":226,"b":235}]},{"name":"phoneId","required":false,"transform":{"type":"scalar"},"locs":[{"a":252,"b":259},{"a":1891,"b":1898}]},{"name":"disposition","required":true,"transform":{"type":"scalar"},"locs":[{"a":276,"b":288}]},{"name":"details","required":true,"transform":{"type":"scalar"},"locs":[{"a":329,"b":337}]},{"name":"callbackAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":364,"b":374}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":398,"b":402}]},{"name":"correctsId","required":false,"transform":{"type":"scalar"},"locs":[{"a":419,"b":429}]},{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":446,"b":450},{"a":1092,"b":1096},{"a":1383,"b":1387},{"a":1629,"b":1633}]},{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":580,"b":587}]},{"name":"attempts","required":true,"transform":{"type":"scalar"},"locs":[{"a":618,"b":627}]},{"name":"nextAttemptAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":648,"b":661}]},{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":828,"b":836}]},{"name":"cause","required":true,"transform":{"type":"scalar"},"locs":[{"a":1033,"b":1039}]},{"name":"reasons","required":true,"transform":{"type":"scalar"},"locs":[{"a":1065,"b":1073}]},{"name":"day","required":true,"transform":{"type":"scalar"},"locs":[{"a":1120,"b":1124}]},{"name":"reached","required":true,"transform":{"type":"scalar"},"locs":[{"a":1718,"b":1726}]},{"name":"flagPhone","required":false,"transform":{"type":"scalar"},"locs":[{"a":1844,"b":1853},{"a":1918,"b":1927}]}],"statement":"WITH ins AS (\n  INSERT INTO call_attempts (task_id, client_id, mentor_id, phone_id, disposition, details, callback_at, idempotency_key, corrects_id, created_at)\n  VALUES (CAST(:taskId! AS uuid), CAST(:clientId! AS uuid), CAST(:mentorId! AS uuid), CAST(:phoneId AS uuid), CAST(:disposition! AS \"Disposition\"),\n          CAST(CAST(:details! AS text) AS jsonb), CAST(:callbackAt AS timestamptz), CAST(:key! AS text), CAST(:correctsId AS uuid), CAST(:now! AS timestamptz))\n  ON CONFLICT (idempotency_key) DO NOTHING\n  RETURNING id\n), task AS (\n  UPDATE call_tasks\n  SET status = CAST(:status! AS \"TaskStatus\"), attempts = :attempts!, next_attempt_at = :nextAttemptAt,\n      claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()\n  WHERE id = CAST(:taskId! AS uuid) AND version = :version! AND EXISTS (SELECT 1 FROM ins)\n  RETURNING id, status\n), opened AS (\n  INSERT INTO escalations (client_id, cause, task_id, reasons, opened_at, opened_day)\n  SELECT CAST(:clientId! AS uuid), CAST(:cause! AS text), task.id, CAST(:reasons! AS text[]), CAST(:now! AS timestamptz), CAST(:day! AS date)\n  FROM task\n  WHERE task.status = 'ESCALATED'\n  ON CONFLICT (client_id, cause) WHERE status IN ('OPEN', 'REFERRED') DO NOTHING\n  RETURNING id\n), closed AS (\n  UPDATE escalations\n  SET status = 'CLOSED', resolution = 'corrected', resolved_at = CAST(:now! AS timestamptz), version = version + 1\n  WHERE task_id = CAST(:taskId! AS uuid) AND status = 'OPEN' AND EXISTS (SELECT 1 FROM task WHERE task.status <> 'ESCALATED')\n  RETURNING id\n), reached AS (\n  UPDATE clients SET last_reached_at = CAST(:now! AS timestamptz), updated_at = now()\n  WHERE id = CAST(:clientId! AS uuid) AND CAST(:reached! AS boolean) AND EXISTS (SELECT 1 FROM task)\n  RETURNING id\n), flagged AS (\n  UPDATE client_phones SET status = CAST(:flagPhone AS \"PhoneStatus\")\n  WHERE id = CAST(:phoneId AS uuid) AND CAST(:flagPhone AS text) IS NOT NULL AND EXISTS (SELECT 1 FROM task)\n  RETURNING id\n)\nSELECT ins.id, (SELECT task.id FROM task) AS task_id, (SELECT opened.id FROM opened) AS escalation_id\nFROM ins"};

/**
 * Query generated from SQL:
 * ```
 * WITH ins AS (
 *   INSERT INTO call_attempts (task_id, client_id, mentor_id, phone_id, disposition, details, callback_at, idempotency_key, corrects_id, created_at)
 *   VALUES (CAST(:taskId! AS uuid), CAST(:clientId! AS uuid), CAST(:mentorId! AS uuid), CAST(:phoneId AS uuid), CAST(:disposition! AS "Disposition"),
 *           CAST(CAST(:details! AS text) AS jsonb), CAST(:callbackAt AS timestamptz), CAST(:key! AS text), CAST(:correctsId AS uuid), CAST(:now! AS timestamptz))
 *   ON CONFLICT (idempotency_key) DO NOTHING
 *   RETURNING id
 * ), task AS (
 *   UPDATE call_tasks
 *   SET status = CAST(:status! AS "TaskStatus"), attempts = :attempts!, next_attempt_at = :nextAttemptAt,
 *       claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()
 *   WHERE id = CAST(:taskId! AS uuid) AND version = :version! AND EXISTS (SELECT 1 FROM ins)
 *   RETURNING id, status
 * ), opened AS (
 *   INSERT INTO escalations (client_id, cause, task_id, reasons, opened_at, opened_day)
 *   SELECT CAST(:clientId! AS uuid), CAST(:cause! AS text), task.id, CAST(:reasons! AS text[]), CAST(:now! AS timestamptz), CAST(:day! AS date)
 *   FROM task
 *   WHERE task.status = 'ESCALATED'
 *   ON CONFLICT (client_id, cause) WHERE status IN ('OPEN', 'REFERRED') DO NOTHING
 *   RETURNING id
 * ), closed AS (
 *   UPDATE escalations
 *   SET status = 'CLOSED', resolution = 'corrected', resolved_at = CAST(:now! AS timestamptz), version = version + 1
 *   WHERE task_id = CAST(:taskId! AS uuid) AND status = 'OPEN' AND EXISTS (SELECT 1 FROM task WHERE task.status <> 'ESCALATED')
 *   RETURNING id
 * ), reached AS (
 *   UPDATE clients SET last_reached_at = CAST(:now! AS timestamptz), updated_at = now()
 *   WHERE id = CAST(:clientId! AS uuid) AND CAST(:reached! AS boolean) AND EXISTS (SELECT 1 FROM task)
 *   RETURNING id
 * ), flagged AS (
 *   UPDATE client_phones SET status = CAST(:flagPhone AS "PhoneStatus")
 *   WHERE id = CAST(:phoneId AS uuid) AND CAST(:flagPhone AS text) IS NOT NULL AND EXISTS (SELECT 1 FROM task)
 *   RETURNING id
 * )
 * SELECT ins.id, (SELECT task.id FROM task) AS task_id, (SELECT opened.id FROM opened) AS escalation_id
 * FROM ins
 * ```
 */
export const recordAttempt = new PreparedQuery<IRecordAttemptParams,IRecordAttemptResult>(recordAttemptIR);


