#pragma once

#include "model/result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace dbx::model {

class JobContext;

// What SQL completion knows about one database: its relations with their columns, foreign
// keys, functions, types, keywords and the search_path. A plain value read on the worker
// (read()), then shared read-only with the UI thread. Names are kept with their lower-case
// form so that matching a keystroke against thousands of them allocates nothing.
class CompletionCatalog {
public:
    struct Column {
        QString name;
        QString lower;
        QString type; // format_type: "character varying(256)", "workload"
        int position = 0;
    };
    struct Relation {
        enum class Kind { Table, View, MaterializedView, ForeignTable };
        QString schema;
        QString name;
        QString lower;
        Kind kind = Kind::Table;
        QList<Column> columns;
        QList<int> foreignKeys; // indices into foreignKeys(), where this relation is either end
        QString text;           // relationText(), worked out once when the catalog is read
        const Column *column(const QString &name) const;
    };
    // A foreign key between two relations (indices into relations()).
    struct ForeignKey {
        int from = -1;
        QStringList fromColumns;
        int to = -1;
        QStringList toColumns;
    };
    struct Function {
        QString schema;
        QString name;
        QString lower;
        QString arguments; // pg_get_function_arguments: "i integer, t text DEFAULT ''"
        QString result;    // pg_get_function_result: "bigint", "SETOF record", "" (procedure)
        bool aggregate = false;
        bool procedure = false;
    };
    struct Type {
        enum class Kind { Base, Enum, Domain, Range };
        QString schema;
        QString name; // as written in SQL: "integer", "varchar", "timestamptz", "workload"
        QString lower;
        QString sqlName; // format_type: "timestamp with time zone"
        Kind kind = Kind::Base;
    };
    struct Keyword {
        QString word;   // lower case, as pg_get_keywords() gives it
        QChar category; // U, C, T, R
    };

    // Reads everything with a handful of set-based queries (no per-relation query); stops with
    // a Cancelled error when the job is cancelled. Runs on the worker's connection.
    static Result<CompletionCatalog> read(QSqlDatabase &db, const JobContext *context = nullptr);

    const QList<Relation> &relations() const { return m_relations; }
    const QList<ForeignKey> &foreignKeys() const { return m_foreignKeys; }
    const QList<Function> &functions() const { return m_functions; }
    const QList<Type> &types() const { return m_types; }
    const QList<Keyword> &keywords() const { return m_keywords; }
    const QStringList &schemas() const { return m_schemas; }
    // The effective search_path, pg_catalog included where it is implicit.
    const QStringList &searchPath() const { return m_searchPath; }

    int relationIndex(const QString &schema, const QString &name) const;
    // A relation named the way a statement names it: in `schema`, or when empty the first one
    // of that name along the search_path; -1 when none.
    int resolveRelation(const QString &schema, const QString &name) const;
    bool onSearchPath(const QString &schema) const { return m_searchPath.contains(schema); }
    bool hasSchema(const QString &schema) const { return m_schemas.contains(schema); }
    // Reserved (or type/function-name) keywords must be quoted as identifiers.
    bool isReservedWord(const QString &lowerWord) const;
    // The name as an identifier in SQL: as it is when PostgreSQL would fold it to itself, else
    // quoted (mixed case, spaces, reserved words) through quoteIdent.
    QString identifier(const QString &name) const;
    // schema.name as a statement would write it here: unqualified when the search_path finds
    // this very relation by its bare name.
    QString relationText(int index) const;

private:
    friend class CompletionCatalogBuilder;
    void index();

    QList<Relation> m_relations;
    QList<ForeignKey> m_foreignKeys;
    QList<Function> m_functions;
    QList<Type> m_types;
    QList<Keyword> m_keywords;
    QStringList m_schemas;
    QStringList m_searchPath;
    QHash<QString, int> m_relationIndex; // schema + '\0' + name
    QHash<QString, QChar> m_keywordCategory;
};

} // namespace dbx::model
