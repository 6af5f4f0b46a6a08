/* @name RefOrPhonePage */
SELECT c.id, c.ref, c.first_name, c.last_name, c.category::text AS category, c.status::text AS status, c.preferred_language,
       s.id AS site_id, s.name AS site_name, s.code AS site_code, u.id AS mentor_id, u.name AS mentor_name
FROM clients c
JOIN sites s ON s.id = c.site_id
LEFT JOIN users u ON u.id = c.mentor_id
WHERE c.id IN (SELECT r.id FROM clients r WHERE r.ref = ANY(CAST(:refs! AS text[]))
               UNION ALL SELECT p.client_id FROM client_phones p WHERE p.number = ANY(CAST(:numbers! AS text[])))
  AND (CAST(:scopeAll! AS boolean)
       OR c.site_id = ANY(CAST(:scopeSiteIds! AS uuid[]))
       OR c.mentor_id = CAST(:scopeMentorId AS uuid)
       OR EXISTS (SELECT 1 FROM sites sx WHERE sx.id = c.site_id AND sx.country_id = CAST(:scopeCountryId AS uuid)))
  AND (CAST(:siteId AS uuid) IS NULL OR c.site_id = CAST(:siteId AS uuid))
  AND (CAST(:mentorId AS uuid) IS NULL OR c.mentor_id = CAST(:mentorId AS uuid))
  AND (CAST(:category AS text) IS NULL OR c.category::text = CAST(:category AS text))
  AND (CAST(:status AS text) IS NULL OR c.status::text = CAST(:status AS text))
  AND (CAST(:language AS text) IS NULL OR c.preferred_language = CAST(:language AS text))
  AND (CAST(:afterId AS uuid) IS NULL
       OR (c.last_name, c.first_name, c.id) > (CAST(:afterLastName AS text), CAST(:afterFirstName AS text), CAST(:afterId AS uuid)))
ORDER BY c.last_name, c.first_name, c.id
LIMIT CAST(:limit! AS int);
