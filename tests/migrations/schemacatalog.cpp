#include "schemacatalog.h"

#include "model/db/executor.h"

namespace dbx::test {

QStringList schemaFacts(QSqlDatabase db, const QString &schema)
{
    // Through the executor: a QSqlQuery's PREPARE/EXECUTE would not survive a pooler.
    const model::Statement st(
        QStringLiteral(
            "WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = $1) "
            "SELECT 'relation ' || c.relname || ' kind ' || CAST(c.relkind AS text) FROM pg_class "
            "c "
            "  WHERE c.relnamespace = (SELECT oid FROM ns) "
            "UNION ALL SELECT 'column ' || c.relname || '.' || a.attname || ' #' || a.attnum || ' "
            "' "
            "  || format_type(a.atttypid, a.atttypmod) "
            "  || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END "
            "  || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') "
            "  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "  WHERE c.relnamespace = (SELECT oid FROM ns) AND c.relkind IN ('r', 'p', 'v') "
            "  AND a.attnum > 0 AND NOT a.attisdropped "
            "UNION ALL SELECT 'constraint ' || CAST(conrelid AS regclass) || ' ' || conname || ' ' "
            "  || pg_get_constraintdef(oid) FROM pg_constraint "
            "  WHERE connamespace = (SELECT oid FROM ns) "
            "UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes "
            "  WHERE schemaname = $1 "
            "UNION ALL SELECT 'enum ' || t.typname || ' ' "
            "  || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) "
            "  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
            "  WHERE t.typnamespace = (SELECT oid FROM ns) GROUP BY t.typname "
            "UNION ALL SELECT 'type ' || typname || ' ' || CAST(typtype AS text) FROM pg_type "
            "  WHERE typnamespace = (SELECT oid FROM ns) "
            "UNION ALL SELECT 'function ' || CAST(p.oid AS regprocedure) || ' ' || "
            "pg_get_functiondef(p.oid) "
            "  FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM ns) "
            "UNION ALL SELECT 'trigger ' || t.tgname || ' ' || pg_get_triggerdef(t.oid) "
            "  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "  WHERE NOT t.tgisinternal AND c.relnamespace = (SELECT oid FROM ns) "
            "UNION ALL SELECT 'sequence ' || s.relname || ' owned by ' || t.relname || '.' "
            "  || a.attname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid "
            "  JOIN pg_class t ON t.oid = d.refobjid "
            "  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
            "  WHERE s.relkind = 'S' AND d.deptype = 'a' AND s.relnamespace = (SELECT oid FROM ns) "
            "ORDER BY 1"),
        {schema});
    const model::Result<model::PgRows> rows = model::exec(db, st);
    QStringList facts;
    if (!rows) {
        facts << QStringLiteral("catalog query failed: %1").arg(rows.error().message);
        qWarning("%s", qPrintable(facts.first()));
        return facts;
    }
    for (const QVariantList &row : rows->rows)
        facts << row.value(0).toString();
    return facts;
}

} // namespace dbx::test
