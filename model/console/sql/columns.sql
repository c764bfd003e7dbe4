-- The user columns of those relations with their types as PostgreSQL writes them; attnum
-- resolves the foreign keys' conkey/confkey. format_type runs once per distinct type and
-- modifier (a hundred or so) rather than once per column (tens of thousands on a big catalog).
WITH cols AS MATERIALIZED (
    SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    WHERE a.attnum > 0
      AND NOT a.attisdropped
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
),
types AS (
    SELECT d.atttypid, d.atttypmod,
           pg_catalog.format_type(d.atttypid, d.atttypmod) AS column_type
    FROM (SELECT DISTINCT atttypid, atttypmod FROM cols) d
)
SELECT cols.attrelid::bigint AS relation_oid,
       cols.attnum AS position,
       cols.attname AS column_name,
       types.column_type
FROM cols
JOIN types USING (atttypid, atttypmod)
