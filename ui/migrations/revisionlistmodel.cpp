#include "ui/migrations/revisionlistmodel.h"

#include <QLocale>

namespace dbx::ui {

using migrations::RevisionState;
using migrations::RevisionStatus;

RevisionListModel::RevisionListModel(QObject *parent)
    : RevisionRows(parent)
{}

void RevisionListModel::setGraph(const migrations::RevisionGraph &graph)
{
    beginResetModel();
    m_rows.clear();
    for (const migrations::Revision &revision : graph.revisions()) {
        RevisionStatus row;
        row.id = revision.id;
        row.message = revision.message;
        row.parents = revision.parents;
        row.fileName = revision.fileName;
        row.isHead = graph.children(revision.id).isEmpty();
        row.irreversible = revision.downgrade.kind == migrations::Downgrade::Kind::Irreversible;
        m_rows.prepend(row);
    }
    m_hasState = false;
    endResetModel();
}

void RevisionListModel::setStatus(const migrations::MigrationStatus &status)
{
    beginResetModel();
    m_rows.clear();
    // Graph order is parents first and unknown revisions last: reversed, the newest come first.
    for (const RevisionStatus &revision : status.revisions)
        m_rows.prepend(revision);
    m_hasState = true;
    endResetModel();
}

int RevisionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RevisionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RevisionStatus &revision = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(revision, index.column());
    case Qt::ToolTipRole:
        return toolTip(revision);
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IdRole:
        return revision.id;
    case StateRole:
        return m_hasState ? QVariant(int(revision.state)) : QVariant();
    case CurrentRole:
        return revision.isCurrent;
    case HeadRole:
        return revision.isHead;
    default:
        break;
    }
    return {};
}

QVariant RevisionListModel::display(const RevisionStatus &revision, int column) const
{
    const QLocale locale;
    switch (column) {
    case RevisionColumn:
        return revision.id;
    case MessageColumn:
        return revision.message;
    case ParentsColumn:
        return revision.parents.isEmpty() ? tr("(base)")
                                          : revision.parents.join(QLatin1String(", "));
    case StateColumn:
        return m_hasState ? migrations::stateLabel(revision.state) : QString();
    case AppliedAtColumn:
        return revision.appliedAt.isValid()
                   ? locale.toString(revision.appliedAt.toLocalTime(), QLocale::ShortFormat)
                   : QString();
    case AppliedByColumn:
        return revision.appliedBy;
    case DurationColumn:
        if (revision.durationMs < 0 || !revision.appliedAt.isValid())
            return QString();
        if (revision.durationMs < 1000)
            return tr("%1 ms").arg(revision.durationMs);
        return tr("%1 s").arg(locale.toString(double(revision.durationMs) / 1000.0, 'f', 1));
    default:
        break;
    }
    return {};
}

QString RevisionListModel::toolTip(const RevisionStatus &revision) const
{
    QStringList lines{tr("Revision %1").arg(revision.id)};
    if (!revision.fileName.isEmpty())
        lines << tr("File: %1").arg(revision.fileName);
    if (revision.isCurrent)
        lines << tr("The database is at this revision.");
    if (revision.isHead)
        lines << tr("A head: no revision builds on it yet.");
    if (revision.irreversible)
        lines << tr("Irreversible: a downgrade cannot pass it.");
    if (!m_hasState)
        return lines.join(QLatin1Char('\n'));
    switch (revision.state) {
    case RevisionState::Failed:
        lines << tr("Last attempt failed: %1").arg(revision.lastError);
        break;
    case RevisionState::Modified:
        lines << tr("The file changed after it was applied (recorded checksum %1, file now %2).")
                     .arg(revision.recordedChecksum.left(12), revision.fileChecksum.left(12));
        break;
    case RevisionState::Unknown:
        lines << tr("Applied, but no revision file has it.");
        break;
    case RevisionState::Applied:
    case RevisionState::Pending:
        break;
    }
    return lines.join(QLatin1Char('\n'));
}

QVariant RevisionListModel::headerData(int section, Qt::Orientation orientation, int role) const
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
    case AppliedAtColumn:
        return tr("Applied at");
    case AppliedByColumn:
        return tr("Applied by");
    case DurationColumn:
        return tr("Duration");
    default:
        break;
    }
    return {};
}

} // namespace dbx::ui
