/** Types generated for queries found in "lib/calls/tasks.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type TaskStatus = 'CANCELLED' | 'CARRIED_OVER' | 'CLAIMED' | 'DONE' | 'ESCALATED' | 'PENDING' | 'RETRY_LATER';

export type DateOrString = Date | string;

export type stringArray = (string)[];

/** 'FinishAttempt' parameters type */
export interface IFinishAttemptParams {
  attempts: number;
  cause: string;
  clientId: string;
  day: DateOrString;
  nextAttemptAt?: DateOrString | null | void;
  now: DateOrString;
  reasons: stringArray;
  status: TaskStatus;
  taskId: string;
  version: number;
}

/** 'FinishAttempt' return type */
export interface IFinishAttemptResult {
  escalation_id: string | null;
  id: string;
}

/** 'FinishAttempt' query type */
export interface IFinishAttemptQuery {
  params: IFinishAttemptParams;
  result: IFinishAttemptResult;
}

const finishAttemptIR: any = {"usedParamSet":{"status":true,"attempts":true,"nextAttemptAt":true,"taskId":true,"version":true,"clientId":true,"cause":true,"reasons":true,"now":true,"day":true},"params":[{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":55,"b":62}]},{"name":"attempts","required":true,"transform":{"type":"scalar"},"locs":[{"a":93,"b":102}]},{"name":"nextAttemptAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":123,"b":136}]},{"name":"taskId","required":true,"transform":{"type":"scalar"},"locs":[{"a":271,"b":278},{"a":895,"b":902}]},{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":303,"b":311}]},{"name":"clientId","required":true,"transform":{"type":"scalar"},"locs":[{"a":451,"b":460}]},{"name":"cause","required":true,"transform":{"type":"scalar"},"locs":[{"a":477,"b":483}]},{"name":"reasons","required":true,"transform":{"type":"scalar"},"locs":[{"a":509,"b":517}]},{"name":"now","required":true,"transform":{"type":"scalar"},"locs":[{"a":536,"b":540},{"a":827,"b":831}]},{"name":"day","required":true,"transform":{"type":"scalar"},"locs":[{"a":564,"b":568}]}],"statement":"WITH task AS (\n  UPDATE call_tasks\n  SET status = CAST(:status! AS \"TaskStatus\"), attempts = :attempts!, next_attempt_at = :nextAttemptAt,\n      claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()\n  WHERE id = CAST(:taskId! AS uuid) AND version = :version!\n  RETURNING id, status\n), opened AS (\n  INSERT INTO escalations (client_id, cause, task_id, reasons, opened_at, opened_day)\n  SELECT CAST(:clientId! AS uuid), CAST(:cause! AS text), task.id, CAST(:reasons! AS text[]), CAST(:now! AS timestamptz), CAST(:day! AS date)\n  FROM task\n  WHERE task.status = 'ESCALATED'\n  ON CONFLICT (client_id, cause) WHERE status IN ('OPEN', 'REFERRED') DO NOTHING\n  RETURNING id\n), closed AS (\n  UPDATE escalations\n  SET status = 'CLOSED', resolution = 'corrected', resolved_at = CAST(:now! AS timestamptz), version = version + 1\n  WHERE task_id = CAST(:taskId! AS uuid) AND status = 'OPEN' AND EXISTS (SELECT 1 FROM task WHERE task.status <> 'ESCALATED')\n  RETURNING id\n)\nSELECT task.id, (SELECT opened.id FROM opened) AS escalation_id\nFROM task"};

/**
 * Query generated from SQL:
 * ```
 * WITH task AS (
 *   UPDATE call_tasks
 *   SET status = CAST(:status! AS "TaskStatus"), attempts = :attempts!, next_attempt_at = :nextAttemptAt,
 *       claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()
 *   WHERE id = CAST(:taskId! AS uuid) AND version = :version!
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
 * )
 * SELECT task.id, (SELECT opened.id FROM opened) AS escalation_id
 * FROM task
 * ```
 */
export const finishAttempt = new PreparedQuery<IFinishAttemptParams,IFinishAttemptResult>(finishAttemptIR);


