#include "ui/browser/rowfollower.h"

#include "model/edit/editabletablemodel.h"

#include <QTableView>

namespace dbx::ui {

RowFollower::RowFollower(model::EditableTableModel *model, QTableView *view, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_view(view)
{
    model::TableDataModel *source = model->source();
    connect(source, &model::TableDataModel::pageLoaded, this, &RowFollower::tryFind);
    connect(source, &model::TableDataModel::exactCountKnown, this, &RowFollower::tryFind);
}

void RowFollower::remember()
{
    const QModelIndex current = m_view->currentIndex();
    m_key.clear();
    m_inserted.clear();
    m_row = current.row();
    m_column = qMax(0, current.column());
    m_following = false;
    if (m_row < 0)
        return;
    if (!m_model->isInsertRow(m_row)) {
        m_key = m_model->source()->rowKey(m_row);
        return;
    }
    // The values the user gave; the columns left to their defaults (the key) are unknown yet.
    for (int c = 0; c < m_model->columnCount(); ++c) {
        const QModelIndex cell = m_model->index(m_row, c);
        const QVariant value = cell.data(Qt::EditRole);
        if (!cell.data(model::EditableTableModel::IsDefaultRole).toBool() && !value.isNull())
            m_inserted.insert(c, value);
    }
}

void RowFollower::follow()
{
    m_following = m_row >= 0 && (!m_key.isEmpty() || !m_inserted.isEmpty());
    if (!m_following)
        return;
    // Ask for the rows where it is likely to be: where it was, or at the end for a new row.
    const int rows = m_model->source()->rowCount();
    const int near = m_key.isEmpty() ? rows - 1 : qMin(m_row, rows - 1);
    if (near >= 0)
        m_model->source()->prefetch(near, near);
    tryFind();
}

void RowFollower::tryFind()
{
    if (!m_following)
        return;
    model::TableDataModel *source = m_model->source();
    int row = -1;
    if (!m_key.isEmpty())
        row = source->rowOfKey(m_key);
    else
        row = findInserted();
    if (row >= 0) {
        select(row);
        return;
    }
    // A new row's place is known only once the count is exact: ask for the last page then.
    if (m_key.isEmpty() && source->isCountExact() && source->rowCount() > 0 &&
        !source->isRowLoaded(source->rowCount() - 1))
        source->prefetch(source->rowCount() - 1, source->rowCount() - 1);
}

int RowFollower::findInserted() const
{
    model::TableDataModel *source = m_model->source();
    const auto matches = [&](int row) {
        if (!source->isRowLoaded(row))
            return false;
        const QVariantList values = source->rowValues(row);
        for (auto it = m_inserted.cbegin(); it != m_inserted.cend(); ++it) {
            if (values.value(it.key()).toString() != it.value().toString())
                return false;
        }
        return true;
    };
    // Keys from a sequence sort last; the count says where the last row is.
    if (source->isCountExact() && source->rowCount() > 0 && matches(source->rowCount() - 1))
        return source->rowCount() - 1;
    if (!source->isCountExact())
        return -1;
    // Ordered otherwise: a loaded row with the values typed (rows near the ends are cached).
    for (int row = source->rowCount() - 1; row >= 0 && row >= source->rowCount() - 1000; --row) {
        if (matches(row))
            return row;
    }
    return -1;
}

void RowFollower::select(int row)
{
    m_following = false;
    const QModelIndex index = m_model->index(row, m_column);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    emit found(row);
}

} // namespace dbx::ui
