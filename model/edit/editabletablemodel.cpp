#include "model/edit/editabletablemodel.h"

#include "model/db/database.h"

#include <algorithm>

namespace dbx::model {

EditableTableModel::EditableTableModel(Database *database, TableDataModel *source, QObject *parent)
    : QAbstractTableModel(parent)
    , m_db(database)
    , m_source(source)
{
    connectSource();
}

void EditableTableModel::connectSource()
{
    TableDataModel *s = m_source;
    connect(s, &QAbstractItemModel::modelAboutToBeReset, this,
            &EditableTableModel::beginResetModel);
    connect(s, &QAbstractItemModel::modelReset, this, &EditableTableModel::endResetModel);
    connect(s, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &, int first, int last) { beginInsertRows({}, first, last); });
    connect(s, &QAbstractItemModel::rowsInserted, this, &EditableTableModel::endInsertRows);
    connect(s, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) { beginRemoveRows({}, first, last); });
    connect(s, &QAbstractItemModel::rowsRemoved, this, &EditableTableModel::endRemoveRows);
    connect(s, &QAbstractItemModel::layoutAboutToBeChanged, this,
            [this] { emit layoutAboutToBeChanged(); });
    connect(s, &QAbstractItemModel::layoutChanged, this, [this] { emit layoutChanged(); });
    connect(s, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &tl, const QModelIndex &br, const QList<int> &roles) {
                emit dataChanged(index(tl.row(), tl.column()), index(br.row(), br.column()), roles);
            });
    connect(s, &QAbstractItemModel::headerDataChanged, this,
            &EditableTableModel::headerDataChanged);
}

void EditableTableModel::setTable(const TableInfo &table, const SchemaSnapshot *snapshot)
{
    m_table = table;
    m_rules.clear();
    for (int c = 0; c < table.columns.size(); ++c)
        m_rules << ColumnRules(table, c);
    const bool hadChanges = !m_changes.isEmpty();
    m_changes.clear();
    m_labels.clear();
    m_failure = {};
    m_conflicts.clear();
    m_source->setTable(table, snapshot); // resets this model through the source's signals
    if (hadChanges)
        emit pendingChanged(0);
}

QString EditableTableModel::readOnlyReason() const
{
    // A hot standby or a read-only database refuses every change, whatever the table.
    if (m_db) {
        if (QString server = m_db->serverInfo().readOnlyReason(); !server.isEmpty())
            return server;
    }
    if (m_table.kind == TableInfo::Kind::MaterializedView)
        return tr("Materialized views are computed by the server and cannot be edited.");
    if (m_table.kind == TableInfo::Kind::ForeignTable)
        return tr("Foreign tables are shown read-only.");
    return m_source->readOnlyReason();
}

bool EditableTableModel::isColumnEditable(int column) const
{
    return readOnlyReason().isEmpty() && column >= 0 && column < m_rules.size() &&
           !m_rules.at(column).serverGenerated();
}

const ColumnRules &EditableTableModel::rules(int column) const
{
    static const ColumnRules none;
    return column >= 0 && column < m_rules.size() ? m_rules.at(column) : none;
}

int EditableTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_source->rowCount() + int(m_changes.inserts().size());
}

int EditableTableModel::columnCount(const QModelIndex &parent) const
{
    return m_source->columnCount(parent);
}

const RowChange *EditableTableModel::changeAt(int row) const
{
    if (isInsertRow(row)) {
        const QList<const RowChange *> inserts = m_changes.inserts();
        const int at = insertIndex(row);
        return at >= 0 && at < inserts.size() ? inserts.at(at) : nullptr;
    }
    const QVariantList key = m_source->rowKey(row);
    return key.isEmpty() ? nullptr : m_changes.forKey(key);
}

EditableTableModel::RowState EditableTableModel::rowState(int row) const
{
    const RowChange *c = changeAt(row);
    if (!c)
        return RowState::Clean;
    switch (c->kind) {
    case RowChange::Kind::Insert:
        return RowState::Inserted;
    case RowChange::Kind::Delete:
        return RowState::Deleted;
    case RowChange::Kind::Update:
        break;
    }
    return RowState::Updated;
}

QVariant EditableTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const RowChange *change = changeAt(row);
    const bool inserted = isInsertRow(row);
    const bool pending = change && change->values.contains(column);
    if (role == RowStateRole)
        return int(rowState(row));
    if (role == CellChangedRole)
        return pending;
    if (role == IsDefaultRole)
        return inserted && !pending;
    if (role == OriginalRole)
        return inserted ? QVariant() : m_source->index(row, column).data(Qt::EditRole);
    if (role == ProblemRole || role == Qt::ToolTipRole) {
        QString problem;
        if (change && m_failure.isSet() && m_failure.changeId == change->id &&
            (m_failure.column == column || m_failure.column < 0))
            problem = m_failure.message;
        if (problem.isEmpty() && pending)
            problem = rules(column).problem(change->values.value(column));
        if (role == ProblemRole || !problem.isEmpty())
            return problem;
        if (pending && !inserted) {
            const QVariant was = m_source->index(row, column).data(Qt::DisplayRole);
            return tr("Changed; was: %1")
                .arg(was.isNull() ? QStringLiteral("NULL") : was.toString());
        }
        return m_source->index(row, column).data(role);
    }
    if (inserted && !change)
        return {};
    if (pending) {
        const QVariant value = change->values.value(column);
        switch (role) {
        case Qt::DisplayRole:
            return TableDataModel::displayValue(value);
        case Qt::EditRole:
            return value;
        case TableDataModel::IsNullRole:
            return value.isNull();
        case TableDataModel::IsLoadedRole:
            return true;
        case TableDataModel::ForeignLabelRole:
            return m_labels.value({change->id, column});
        default:
            break;
        }
    }
    if (inserted) {
        if (role == TableDataModel::IsLoadedRole)
            return true;
        return {};
    }
    return m_source->index(row, column).data(role);
}

bool EditableTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || !(flags(index) & Qt::ItemIsEditable))
        return false;
    const int row = index.row();
    const int column = index.column();
    if (role == TableDataModel::ForeignLabelRole) {
        if (const RowChange *c = changeAt(row))
            m_labels.insert({c->id, column}, value.toString());
        emit dataChanged(index, index, {role});
        return true;
    }
    if (role != Qt::EditRole)
        return false;
    if (isInsertRow(row)) {
        const RowChange *c = changeAt(row);
        if (!c)
            return false;
        m_changes.setInsertValue(c->id, column, value);
    } else {
        const QVariantList key = m_source->rowKey(row);
        if (key.isEmpty())
            return false;
        m_changes.setValue(key, m_source->rowVersion(row), m_source->rowValues(row), column, value);
    }
    clearFailure();
    changed(row);
    return true;
}

Qt::ItemFlags EditableTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    if (m_committing || !isColumnEditable(index.column()))
        return f;
    const int row = index.row();
    if (!isInsertRow(row) && !m_source->isRowLoaded(row))
        return f;
    if (rowState(row) == RowState::Deleted)
        return f;
    return f | Qt::ItemIsEditable;
}

QVariant EditableTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (role == Qt::ToolTipRole) {
            const QVariant base = m_source->headerData(section, orientation, role);
            const QString rules = this->rules(section).summary();
            return rules.isEmpty() ? base : base.toString() + QLatin1Char('\n') + rules;
        }
        return m_source->headerData(section, orientation, role);
    }
    if (section < 0 || section >= rowCount())
        return {};
    if (role == RowStateRole)
        return int(rowState(section));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return m_source->headerData(section, orientation, role);
    const RowState state = rowState(section);
    if (role == Qt::ToolTipRole) {
        switch (state) {
        case RowState::Inserted:
            return tr("New row, not committed yet");
        case RowState::Updated:
            return tr("Changed, not committed yet");
        case RowState::Deleted:
            return tr("Deleted, not committed yet");
        case RowState::Clean:
            return {};
        }
    }
    if (state == RowState::Inserted)
        return QStringLiteral("+");
    const QString number = m_source->headerData(section, orientation, role).toString();
    if (state == RowState::Updated)
        return QStringLiteral("✎ ") + number;
    if (state == RowState::Deleted)
        return QStringLiteral("✕ ") + number;
    return number;
}

void EditableTableModel::sort(int column, Qt::SortOrder order)
{
    m_source->sort(column, order);
}

void EditableTableModel::changed(int row)
{
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
    emit headerDataChanged(Qt::Vertical, row, row);
    emit pendingChanged(int(m_changes.size()));
}

void EditableTableModel::clearFailure()
{
    if (!m_failure.isSet())
        return;
    const int row = rowOfChange(m_failure.changeId);
    m_failure = {};
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
}

int EditableTableModel::insertRecord(const QMap<int, QVariant> &values)
{
    if (!readOnlyReason().isEmpty() || m_committing)
        return -1;
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_changes.addInsert(values);
    endInsertRows();
    emit headerDataChanged(Qt::Vertical, row, row);
    emit pendingChanged(int(m_changes.size()));
    return row;
}

int EditableTableModel::duplicateRecord(int row)
{
    QMap<int, QVariant> values;
    for (int c = 0; c < columnCount(); ++c) {
        if (!isColumnEditable(c))
            continue;
        const QModelIndex i = index(row, c);
        if (!data(i, IsDefaultRole).toBool())
            values.insert(c, data(i, Qt::EditRole));
    }
    return insertRecord(values);
}

void EditableTableModel::deleteRecords(const QList<int> &rows)
{
    if (!readOnlyReason().isEmpty() || m_committing)
        return;
    QList<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end(), std::greater<int>());
    for (int row : sorted) {
        if (isInsertRow(row)) {
            const RowChange *c = changeAt(row);
            if (!c)
                continue;
            beginRemoveRows({}, row, row);
            m_changes.removeInsert(c->id);
            endRemoveRows();
            continue;
        }
        const QVariantList key = m_source->rowKey(row);
        if (key.isEmpty())
            continue;
        m_changes.markDeleted(key, m_source->rowVersion(row), m_source->rowValues(row));
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
        emit headerDataChanged(Qt::Vertical, row, row);
    }
    emit pendingChanged(int(m_changes.size()));
}

void EditableTableModel::revertRecords(const QList<int> &rows)
{
    if (m_committing)
        return;
    QList<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end(), std::greater<int>());
    for (int row : sorted) {
        if (isInsertRow(row)) {
            deleteRecords({row});
            continue;
        }
        m_changes.revert(m_source->rowKey(row));
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
        emit headerDataChanged(Qt::Vertical, row, row);
    }
    emit pendingChanged(int(m_changes.size()));
}

void EditableTableModel::revertAll()
{
    if (m_committing || m_changes.isEmpty())
        return;
    beginResetModel();
    m_changes.clear();
    m_labels.clear();
    m_failure = {};
    m_conflicts.clear();
    endResetModel();
    emit pendingChanged(0);
}

void EditableTableModel::refreshRecord(int row)
{
    if (!isInsertRow(row))
        m_source->reloadRow(row);
}

QString EditableTableModel::pendingSql() const
{
    return ChangeSql(m_source->query()).script(m_changes.changes());
}

QList<EditableTableModel::Problem> EditableTableModel::problems() const
{
    QList<Problem> out;
    for (const RowChange &c : m_changes.changes()) {
        if (c.isDelete())
            continue;
        for (int column = 0; column < m_rules.size(); ++column) {
            QString why;
            if (c.values.contains(column))
                why = m_rules.at(column).problem(c.values.value(column));
            else if (c.isInsert() && !m_rules.at(column).serverGenerated() &&
                     m_rules.at(column).notNull() && !m_rules.at(column).hasDefault())
                why = m_rules.at(column).problem(QVariant());
            if (!why.isEmpty()) {
                out << Problem{c.id, column, why};
                break;
            }
        }
    }
    return out;
}

int EditableTableModel::rowOfChange(int changeId) const
{
    const RowChange *c = m_changes.byId(changeId);
    if (!c)
        return -1;
    if (!c->isInsert())
        return m_source->rowOfKey(c->key);
    const QList<const RowChange *> inserts = m_changes.inserts();
    for (qsizetype i = 0; i < inserts.size(); ++i) {
        if (inserts.at(i)->id == changeId)
            return m_source->rowCount() + int(i);
    }
    return -1;
}

bool EditableTableModel::commit()
{
    // Edits kept from before the server turned read-only (a failover) wait for a writable one.
    if (m_committing || m_changes.isEmpty() || !problems().isEmpty() || !readOnlyReason().isEmpty())
        return false;
    clearFailure();
    m_conflicts.clear();
    m_committing = true;
    const QList<RowChange> changes = m_changes.changes();
    const TableQuery query = m_source->query();
    m_db->run<CommitOutcome>(
        [query, changes](QSqlDatabase &db, const JobContext &) {
            return commitChanges(db, query, changes);
        },
        this, [this](Ticket, const Result<CommitOutcome> &result) { finishCommit(result); });
    return true;
}

void EditableTableModel::finishCommit(const Result<CommitOutcome> &result)
{
    m_committing = false;
    CommitOutcome outcome;
    if (!result.ok()) {
        outcome.status = CommitOutcome::Status::Failed;
        outcome.error = result.error();
    } else {
        outcome = result.value();
    }
    switch (outcome.status) {
    case CommitOutcome::Status::Committed: {
        beginResetModel();
        m_changes.clear();
        m_labels.clear();
        endResetModel();
        emit pendingChanged(0);
        m_source->reload();
        break;
    }
    case CommitOutcome::Status::Failed: {
        QString column;
        m_failure.changeId = outcome.failedChangeId;
        m_failure.message = explainError(outcome.error, m_table, &column);
        m_failure.column = -1;
        for (int c = 0; c < m_table.columns.size(); ++c) {
            if (m_table.columns.at(c).name == column)
                m_failure.column = c;
        }
        if (m_failure.message.isEmpty())
            m_failure.message = outcome.error.message;
        const int row = rowOfChange(m_failure.changeId);
        if (row >= 0)
            emit dataChanged(index(row, 0), index(row, columnCount() - 1));
        break;
    }
    case CommitOutcome::Status::Conflicts:
        m_conflicts = outcome.conflicts;
        break;
    }
    // Editing was frozen while the commit ran.
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {});
    emit commitFinished(outcome);
}

void EditableTableModel::keepMine(const ChangeConflict &conflict)
{
    const RowChange *c = m_changes.byId(conflict.changeId);
    if (!c)
        return;
    const QVariantList key = c->key;
    if (conflict.deleted) {
        // The row moves from the table's rows to the new rows at the bottom.
        beginResetModel();
        m_changes.restoreDeleted(key);
        endResetModel();
    } else {
        m_changes.rebase(key, conflict.theirVersion, conflict.theirs);
    }
    m_conflicts.removeIf(
        [&conflict](const ChangeConflict &x) { return x.changeId == conflict.changeId; });
    emit pendingChanged(int(m_changes.size()));
}

void EditableTableModel::takeTheirs(const ChangeConflict &conflict)
{
    const RowChange *c = m_changes.byId(conflict.changeId);
    if (!c)
        return;
    const QVariantList key = c->key;
    const int row = m_source->rowOfKey(key);
    m_changes.revert(key);
    m_conflicts.removeIf(
        [&conflict](const ChangeConflict &x) { return x.changeId == conflict.changeId; });
    if (row >= 0) {
        m_source->reloadRow(row);
        changed(row);
    } else {
        emit pendingChanged(int(m_changes.size()));
    }
}

} // namespace dbx::model
