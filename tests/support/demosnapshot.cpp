#include "demosnapshot.h"

namespace dbx::test {

using namespace dbx::model;

namespace {

ColumnInfo column(const char *name, const char *type, const char *category, bool notNull = true)
{
    ColumnInfo c;
    c.name = QString::fromLatin1(name);
    c.type = QString::fromLatin1(type);
    c.dataType = ColumnType::fromName(c.type);
    if (c.dataType.kind == TypeKind::Unknown && category[0] == 'E') {
        c.dataType.kind = TypeKind::Enum;
        c.dataType.enumSchema = QStringLiteral("public");
        c.dataType.enumName = c.type;
    }
    c.notNull = notNull;
    return c;
}

TableInfo table(const char *name, const QList<ColumnInfo> &columns)
{
    TableInfo t;
    t.schema = QStringLiteral("public");
    t.name = QString::fromLatin1(name);
    t.columns = columns;
    t.primaryKey = {QStringLiteral("id")};
    return t;
}

ForeignKeyInfo cascadingKey(const char *name, const char *column, const char *table)
{
    ForeignKeyInfo fk;
    fk.name = QString::fromLatin1(name);
    fk.columns = {QString::fromLatin1(column)};
    fk.refSchema = QStringLiteral("public");
    fk.refTable = QString::fromLatin1(table);
    fk.refColumns = {QStringLiteral("id")};
    fk.onDelete = QStringLiteral("CASCADE");
    return fk;
}

} // namespace

SchemaSnapshot demoSnapshot()
{
    const char *const text = "character varying(256)";
    const char *const timestamp = "timestamp without time zone";
    TableInfo workers = table(
        "workers", {column("id", "integer", "N"), column("username", "character varying", "S")});
    TableInfo resumes = table(
        "resumes", {column("id", "integer", "N"), column("title", text, "S"),
                    column("compensation", "integer", "N", false),
                    column("workload", "workload", "E"), column("worker_id", "integer", "N"),
                    column("created_at", timestamp, "D"), column("updated_at", timestamp, "D")});
    resumes.foreignKeys << cascadingKey("resumes_worker_id_fkey", "worker_id", "workers");
    TableInfo vacancies =
        table("vacancies", {column("id", "integer", "N"), column("title", text, "S"),
                            column("compensation", "integer", "N", false)});
    TableInfo replies =
        table("vacancies_replies",
              {column("resume_id", "integer", "N"), column("vacancy_id", "integer", "N"),
               column("cover_letter", "character varying", "S", false)});
    replies.primaryKey = {QStringLiteral("resume_id"), QStringLiteral("vacancy_id")};
    replies.foreignKeys << cascadingKey("vacancies_replies_resume_id_fkey", "resume_id", "resumes")
                        << cascadingKey("vacancies_replies_vacancy_id_fkey", "vacancy_id",
                                        "vacancies");
    SchemaInfo schema;
    schema.name = QStringLiteral("public");
    schema.tables = {replies, resumes, vacancies, workers};
    schema.enums << EnumInfo{QStringLiteral("public"),
                             QStringLiteral("workload"),
                             {QStringLiteral("parttime"), QStringLiteral("fulltime")}};
    SchemaSnapshot snapshot;
    snapshot.database = QStringLiteral("demo");
    snapshot.schemas << schema;
    return snapshot;
}

} // namespace dbx::test
