#include "ui/migrations/alembicrevisionmodel.h"

#include <QColor>
#include <QFont>

namespace dbx::ui {

using migrations::AlembicRevision;

AlembicRevisionModel::AlembicRevisionModel(QObject *parent)
    : RevisionRows(parent)
{}

void AlembicRevisionModel::setRevisions(const QList<AlembicRevision> &revisions)
{
    beginResetModel();
    m_rows = revisions;
    endResetModel();
}

int AlembicRevisionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlembicRevisionModel::display(const AlembicRevision &revision, int column) const
{
    switch (column) {
    case RevisionColumn: {
        QStringList marks;
        if (revision.isHead)
            marks << tr("head");
        if (revision.isCurrent)
            marks << tr("current");
        if (revision.isMergePoint)
            marks << tr("merge");
        if (revision.isBranchPoint)
            marks << tr("branch point");
        return marks.isEmpty()
                   ? revision.id
                   : QStringLiteral("%1 (%2)").arg(revision.id, marks.join(QLatin1String(", ")));
    }
    case MessageColumn:
        return revision.message;
    case ParentsColumn:
        return revision.parents.isEmpty() ? tr("base") : revision.parents.join(QLatin1String(", "));
    case StateColumn:
        return revision.state == AlembicRevision::State::Unknown
                   ? QString()
                   : migrations::alembicStateLabel(revision.state);
    default:
        return {};
    }
}

QVariant AlembicRevisionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlembicRevision &revision = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(revision, index.column());
    case Qt::ToolTipRole:
        return revision.path;
    case Qt::FontRole:
        if (revision.isCurrent && index.column() == RevisionColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StateColumn && revision.state != AlembicRevision::State::Unknown)
            return QColor(revision.state == AlembicRevision::State::Applied ? 0x2e7d32 : 0x6b6b6b);
        return {};
    case IdRole:
        return revision.id;
    case StateRole:
        return int(revision.state);
    case CurrentRole:
        return revision.isCurrent;
    default:
        return {};
    }
}

QVariant AlembicRevisionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RevisionColumn:
        return tr("Revision");
    case MessageColumn:
        return tr("Message");
    case ParentsColumn:
        return tr("Parents");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

} // namespace dbx::ui
