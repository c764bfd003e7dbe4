#include "app/queryoutput.h"

#include "model/query/querysql.h"

namespace dbx::app {

QString sqlWithParameters(const model::Statement &statement)
{
    QString out = statement.sql.trimmed() + u'\n';
    if (statement.params.isEmpty())
        return out;
    out += u'\n';
    return out + model::query::parameterComments(statement.params) + u'\n';
}

} // namespace dbx::app
