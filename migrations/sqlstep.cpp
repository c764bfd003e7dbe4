#include "migrations/sqlstep.h"

#include "model/db/executor.h"
#include "model/db/pgvalue.h"

namespace dbx::migrations {

QString SqlStep::rendered() const
{
    QString text;
    text.reserve(sql.size() + 16 * values.size());
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        qsizetype end = i + 1;
        while (c == u'$' && end < sql.size() && sql.at(end).isDigit())
            ++end;
        const int number = end > i + 1 ? sql.mid(i + 1, end - i - 1).toInt() : 0;
        if (number >= 1 && number <= values.size()) {
            text += model::sqlLiteral(values.at(number - 1));
            i = end - 1;
        } else {
            text += c;
        }
    }
    // A statement ending in a line comment would swallow the semicolon.
    const QString lastLine = text.section(QLatin1Char('\n'), -1);
    return text +
           (lastLine.contains(QLatin1String("--")) ? QLatin1String("\n;") : QLatin1String(";"));
}

model::Status SqlStep::run(QSqlDatabase &db) const
{
    const model::Result<model::PgRows> done = model::exec(db, model::Statement(sql, values));
    if (!done)
        return done.error();
    return {};
}

} // namespace dbx::migrations
