/** Types generated for queries found in "lib/clients/search.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type stringArray = (string)[];

/** 'RefOrPhonePage' parameters type */
export interface IRefOrPhonePageParams {
  afterFirstName?: string | null | void;
  afterId?: string | null | void;
  afterLastName?: string | null | void;
  category?: string | null | void;
  language?: string | null | void;
  limit: number;
  mentorId?: string | null | void;
  numbers: stringArray;
  refs: stringArray;
  scopeAll: boolean;
  scopeCountryId?: string | null | void;
  scopeMentorId?: string | null | void;
  scopeSiteIds: stringArray;
  siteId?: string | null | void;
  status?: string | null | void;
}

/** 'RefOrPhonePage' return type */
export interface IRefOrPhonePageResult {
  category: string | null;
  first_name: string;
  id: string;
  last_name: string;
  mentor_id: string;
  mentor_name: string;
  preferred_language: string;
  ref: string;
  site_code: string;
  site_id: string;
  site_name: string;
  status: string | null;
}

/** 'RefOrPhonePage' query type */
export interface IRefOrPhonePageQuery {
  params: IRefOrPhonePageParams;
  result: IRefOrPhonePageResult;
}

const refOrPhonePageIR: any = {"usedParamSet":{"refs":true,"numbers":true,"scopeAll":true,"scopeSiteIds":true,"scopeMentorId":true,"scopeCountryId":true,"siteId":true,"mentorId":true,"category":true,"status":true,"language":true,"afterId":true,"afterLastName":true,"afterFirstName":true,"limit":true},"params":[{"name":"refs","required":true,"transform":{"type":"scalar"},"locs":[{"a":385,"b":390}]},{"name":"numbers","required":true,"transform":{"type":"scalar"},"locs":[{"a":495,"b":503}]},{"name":"scopeAll","required":true,"transform":{"type":"scalar"},"locs":[{"a":530,"b":539}]},{"name":"scopeSiteIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":584,"b":597}]},{"name":"scopeMentorId","required":false,"transform":{"type":"scalar"},"locs":[{"a":640,"b":653}]},{"name":"scopeCountryId","required":false,"transform":{"type":"scalar"},"locs":[{"a":754,"b":768}]},{"name":"siteId","required":false,"transform":{"type":"scalar"},"locs":[{"a":793,"b":799},{"a":838,"b":844}]},{"name":"mentorId","required":false,"transform":{"type":"scalar"},"locs":[{"a":868,"b":876},{"a":917,"b":925}]},{"name":"category","required":false,"transform":{"type":"scalar"},"locs":[{"a":949,"b":957},{"a":1003,"b":1011}]},{"name":"status","required":false,"transform":{"type":"scalar"},"locs":[{"a":1035,"b":1041},{"a":1085,"b":1091}]},{"name":"language","required":false,"transform":{"type":"scalar"},"locs":[{"a":1115,"b":1123},{"a":1173,"b":1181}]},{"name":"afterId","required":false,"transform":{"type":"scalar"},"locs":[{"a":1205,"b":1212},{"a":1344,"b":1351}]},{"name":"afterLastName","required":false,"transform":{"type":"scalar"},"locs":[{"a":1283,"b":1296}]},{"name":"afterFirstName","required":false,"transform":{"type":"scalar"},"locs":[{"a":1313,"b":1327}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":1416,"b":1422}]}],"statement":"SELECT c.id, c.ref, c.first_name, c.last_name, c.category::text AS category, c.status::text AS status, c.preferred_language,\n       s.id AS site_id, s.name AS site_name, s.code AS site_code, u.id AS mentor_id, u.name AS mentor_name\nFROM clients c\nJOIN sites s ON s.id = c.site_id\nLEFT JOIN users u ON u.id = c.mentor_id\nWHERE c.id IN (SELECT r.id FROM clients r WHERE r.ref = ANY(CAST(:refs! AS text[]))\n               UNION ALL SELECT p.client_id FROM client_phones p WHERE p.number = ANY(CAST(:numbers! AS text[])))\n  AND (CAST(:scopeAll! AS boolean)\n       OR c.site_id = ANY(CAST(:scopeSiteIds! AS uuid[]))\n       OR c.mentor_id = CAST(:scopeMentorId AS uuid)\n       OR EXISTS (SELECT 1 FROM sites sx WHERE sx.id = c.site_id AND sx.country_id = CAST(:scopeCountryId AS uuid)))\n  AND (CAST(:siteId AS uuid) IS NULL OR c.site_id = CAST(:siteId AS uuid))\n  AND (CAST(:mentorId AS uuid) IS NULL OR c.mentor_id = CAST(:mentorId AS uuid))\n  AND (CAST(:category AS text) IS NULL OR c.category::text = CAST(:category AS text))\n  AND (CAST(:status AS text) IS NULL OR c.status::text = CAST(:status AS text))\n  AND (CAST(:language AS text) IS NULL OR c.preferred_language = CAST(:language AS text))\n  AND (CAST(:afterId AS uuid) IS NULL\n       OR (c.last_name, c.first_name, c.id) > (CAST(:afterLastName AS text), CAST(:afterFirstName AS text), CAST(:afterId AS uuid)))\nORDER BY c.last_name, c.first_name, c.id\nLIMIT CAST(:limit! AS int)"};

/**
 * Query generated from SQL:
 * ```
 * SELECT c.id, c.ref, c.first_name, c.last_name, c.category::text AS category, c.status::text AS status, c.preferred_language,
 *        s.id AS site_id, s.name AS site_name, s.code AS site_code, u.id AS mentor_id, u.name AS mentor_name
 * FROM clients c
 * JOIN sites s ON s.id = c.site_id
 * LEFT JOIN users u ON u.id = c.mentor_id
 * WHERE c.id IN (SELECT r.id FROM clients r WHERE r.ref = ANY(CAST(:refs! AS text[]))
 *                UNION ALL SELECT p.client_id FROM client_phones p WHERE p.number = ANY(CAST(:numbers! AS text[])))
 *   AND (CAST(:scopeAll! AS boolean)
 *        OR c.site_id = ANY(CAST(:scopeSiteIds! AS uuid[]))
 *        OR c.mentor_id = CAST(:scopeMentorId AS uuid)
 *        OR EXISTS (SELECT 1 FROM sites sx WHERE sx.id = c.site_id AND sx.country_id = CAST(:scopeCountryId AS uuid)))
 *   AND (CAST(:siteId AS uuid) IS NULL OR c.site_id = CAST(:siteId AS uuid))
 *   AND (CAST(:mentorId AS uuid) IS NULL OR c.mentor_id = CAST(:mentorId AS uuid))
 *   AND (CAST(:category AS text) IS NULL OR c.category::text = CAST(:category AS text))
 *   AND (CAST(:status AS text) IS NULL OR c.status::text = CAST(:status AS text))
 *   AND (CAST(:language AS text) IS NULL OR c.preferred_language = CAST(:language AS text))
 *   AND (CAST(:afterId AS uuid) IS NULL
 *        OR (c.last_name, c.first_name, c.id) > (CAST(:afterLastName AS text), CAST(:afterFirstName AS text), CAST(:afterId AS uuid)))
 * ORDER BY c.last_name, c.first_name, c.id
 * LIMIT CAST(:limit! AS int)
 * ```
 */
export const refOrPhonePage = new PreparedQuery<IRefOrPhonePageParams,IRefOrPhonePageResult>(refOrPhonePageIR);


