#include "model/dberror.h"

namespace dbx::model {

QString DbError::oneLine() const
{
    QString line = message.simplified();
    if (!sqlState.isEmpty() && kind == Kind::Statement)
        line += QStringLiteral(" [%1]").arg(sqlState);
    return line;
}

} // namespace dbx::model
