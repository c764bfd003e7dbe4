#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariantList>

namespace dbx::model {

// The one statement type: SQL with `$n` placeholders and the values bound to them (params[0]
// is $1), optionally with their type OIDs (0 or missing: the server infers the type from the
// context, as for a literal the user typed). Every statement the application runs is one of
// these; values are never written into the text.
struct Statement {
    QString sql;
    QVariantList params;
    QList<quint32> types;

    Statement() = default;
    Statement(QString text, QVariantList values = {})
        : sql(std::move(text))
        , params(std::move(values))
    {}

    // Appends a value and returns its placeholder ("$3"), for generators that write the text
    // and collect the values in one pass.
    QString bind(const QVariant &value)
    {
        params << value;
        return QLatin1Char('$') + QString::number(params.size());
    }
    bool operator==(const Statement &other) const = default;
};

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::Statement)
