#pragma once

// Private to sqlimport*.cpp: the walk over libpg_query's JSON parse tree.

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"
#include "model/query/queryscope.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

namespace dbx::model::query {

class SqlImporter {
    Q_DECLARE_TR_FUNCTIONS(dbx::model::query::SqlImport)
public:
    explicit SqlImporter(const SchemaSnapshot &snapshot)
        : m_snapshot(snapshot)
    {}

    Query select(const QJsonObject &stmt, const QList<NamedQuery> &outer);

    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }

private:
    // Statement level (sqlimport.cpp).
    bool fromItem(const QJsonValue &node, Query &query, const QList<NamedQuery> &scope,
                  QList<QJsonValue> *quals);
    bool source(const QJsonValue &node, Source &out, const QList<NamedQuery> &scope);
    QString typeName(const QJsonObject &typeName);
    // The foreign key a join's ON condition follows, so the builder can show it as one.
    QString foreignKeyOf(const Query &query, const Join &join) const;

    // Expressions and conditions (sqlimportexpr.cpp). They resolve unqualified columns
    // against m_scope, the columns of the query being read.
    Expr expr(const QJsonValue &node);
    Expr column(const QJsonObject &columnRef);
    Expr constant(const QJsonObject &aConst);
    Expr function(const QJsonObject &funcCall);
    Filter filter(const QJsonValue &node);
    Filter condition(const QJsonValue &node);
    Filter comparison(const QJsonObject &aExpr);

    // Records the first problem: what the builder cannot show, and where.
    void refuse(const QString &what, const QJsonValue &node);

    const SchemaSnapshot &m_snapshot;
    QList<ScopeColumn> m_scope;
    QString m_error;
};

// The single key of a parse-tree node ({"ColumnRef": {...}}) and its body.
QString nodeKind(const QJsonValue &node);
QJsonObject nodeBody(const QJsonValue &node);
// The text of a list of {"String": {"sval": ...}} nodes.
QStringList nodeNames(const QJsonArray &list);

} // namespace dbx::model::query
