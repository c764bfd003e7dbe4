#include "ui/querybuilder/queryresultmodel.h"

#include "model/data/tabledatamodel.h"
#include "model/db/pgvalue.h"

namespace dbx::ui {

QueryResultModel::QueryResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void QueryResultModel::setRows(const model::query::QueryRows &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

void QueryResultModel::clear()
{
    setRows({});
}

int QueryResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.rows.size());
}

int QueryResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.columns.size());
}

QVariant QueryResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QVariant value = m_rows.rows.at(index.row()).value(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return value.isNull() ? QVariant(QStringLiteral("NULL"))
                              : model::TableDataModel::displayValue(value);
    case Qt::ToolTipRole:
        return value.isNull() ? QVariant() : QVariant(model::displayText(value));
    case model::TableDataModel::IsNullRole: // painted by the grids' delegate
        return value.isNull();
    case Qt::TextAlignmentRole: {
        const int type = value.metaType().id();
        const bool number = type == QMetaType::Int || type == QMetaType::LongLong ||
                            type == QMetaType::ULongLong || type == QMetaType::Double ||
                            type == QMetaType::UInt;
        return number ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    }
    default:
        return {};
    }
}

QVariant QueryResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return m_rows.columns.value(section);
}

} // namespace dbx::ui
