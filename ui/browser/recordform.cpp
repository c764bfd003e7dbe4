#include "ui/browser/recordform.h"

#include "model/data/rowlabel.h"
#include "model/data/tabledatamodel.h"
#include "model/edit/editabletablemodel.h"
#include "ui/common/valuedelegate.h"

#include <QApplication>
#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace dbx::ui {

using model::EditableTableModel;

RecordForm::RecordForm(model::Database *database, model::EditableTableModel *model,
                       const ColumnEditors *editors, const model::SchemaSnapshot &snapshot,
                       QWidget *parent)
    : QWidget(parent)
    , m_db(database)
    , m_model(model)
    , m_editors(editors)
    , m_position(new QLabel(this))
    , m_first(new QToolButton(this))
    , m_prev(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_last(new QToolButton(this))
{
    setObjectName(QStringLiteral("recordForm"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);
    auto *nav = new QHBoxLayout;
    m_position->setObjectName(QStringLiteral("formPosition"));
    const std::pair<QToolButton *, QString> buttons[] = {{m_first, tr("First")},
                                                         {m_prev, tr("Previous")},
                                                         {m_next, tr("Next")},
                                                         {m_last, tr("Last")}};
    const char *names[] = {"formFirst", "formPrevious", "formNext", "formLast"};
    const QStyle::StandardPixmap arrows[] = {QStyle::SP_MediaSkipBackward, QStyle::SP_ArrowLeft,
                                             QStyle::SP_ArrowRight, QStyle::SP_MediaSkipForward};
    int i = 0;
    for (const auto &[button, tip] : buttons) {
        button->setObjectName(QLatin1String(names[i]));
        button->setIcon(style()->standardIcon(arrows[i++]));
        button->setToolTip(tip);
        button->setAutoRaise(true);
        nav->addWidget(button);
    }
    nav->addWidget(m_position, 1);
    m_actions = new QHBoxLayout;
    nav->addLayout(m_actions);
    outer->addLayout(nav);
    connect(m_first, &QToolButton::clicked, this, [this] { setCurrentRow(0); });
    connect(m_prev, &QToolButton::clicked, this, [this] { setCurrentRow(m_row - 1); });
    connect(m_next, &QToolButton::clicked, this, [this] { setCurrentRow(m_row + 1); });
    connect(m_last, &QToolButton::clicked, this,
            [this] { setCurrentRow(m_model->rowCount() - 1); });

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    buildFields(layout);
    buildChildren(layout, snapshot);
    layout->addStretch(1);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);

    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &tl, const QModelIndex &br) {
                if (isVisible() && m_row >= tl.row() && m_row <= br.row()) {
                    load();
                    // The row may just have arrived: its referencing rows can be read now.
                    if (currentKey() != m_childKey)
                        loadChildren();
                }
            });
    // A hidden form follows nothing: it must never move the grid's current row.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (isVisible())
            setCurrentRow(m_row);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] { updateNavigation(); });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (isVisible() && m_row >= m_model->rowCount())
            setCurrentRow(m_row);
        updateNavigation();
    });
    updateNavigation();
}

void RecordForm::buildFields(QVBoxLayout *layout)
{
    auto *box = new QGroupBox(m_model->table().name, this);
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const model::TableInfo &table = m_model->table();
    for (int c = 0; c < table.columns.size(); ++c) {
        const model::ColumnInfo &column = table.columns.at(c);
        Field field;
        field.editor = m_editors->create(c, box, true);
        field.editor->setObjectName(QStringLiteral("field_") + column.name);
        const model::ColumnRules &rules = m_model->rules(c);
        QString hint = column.type;
        if (!rules.summary().isEmpty())
            hint += QStringLiteral(" · ") + rules.summary();
        field.editor->setToolTip(hint);
        field.editor->setEnabled(m_model->isColumnEditable(c));
        auto *row = new QWidget(box);
        auto *h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(field.editor, 1);
        if (!column.notNull) {
            field.null = new QCheckBox(QStringLiteral("NULL"), row);
            field.null->setToolTip(tr("Set this field to NULL (no value), which is not the "
                                      "same as an empty text."));
            field.null->setEnabled(m_model->isColumnEditable(c));
            h->addWidget(field.null);
            connect(field.null, &QCheckBox::toggled, this, [this, c](bool on) {
                m_fields[c].editor->setEnabled(!on && m_model->isColumnEditable(c));
                store(c);
            });
        }
        auto *cell = new QWidget(box);
        auto *v = new QVBoxLayout(cell);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(1);
        v->addWidget(row);
        field.problem = new QLabel(cell);
        field.problem->setStyleSheet(QStringLiteral("color: #b71c1c;"));
        field.problem->setWordWrap(true);
        field.problem->hide();
        v->addWidget(field.problem);
        QString caption = column.name;
        if (column.notNull && !rules.hasDefault() && !rules.serverGenerated())
            caption += QStringLiteral(" *");
        auto *label = new QLabel(caption, box);
        label->setToolTip(hint);
        form->addRow(label, cell);
        m_editors->onCommitted(field.editor, this, [this, c] { store(c); });
        m_editors->onProblem(field.editor, this, [this, c](const QString &problem) {
            m_fields[c].refused = problem;
            showProblem(c);
        });
        m_fields << field;
    }
    layout->addWidget(box);
}

void RecordForm::buildChildren(QVBoxLayout *layout, const model::SchemaSnapshot &snapshot)
{
    const model::TableInfo &me = m_model->table();
    if (me.primaryKey.isEmpty())
        return;
    for (const model::SchemaInfo &schema : snapshot.schemas) {
        for (const model::TableInfo &t : schema.tables) {
            for (const model::ForeignKeyInfo &fk : t.foreignKeys) {
                if (fk.refSchema != me.schema || fk.refTable != me.name || fk.columns.size() != 1)
                    continue;
                Child child;
                child.fk = fk;
                child.table = t;
                child.query = model::TableQuery::fromTable(t);
                child.query.setForeignLabels(model::foreignLabels(t, snapshot));
                auto *box = new QGroupBox(this);
                auto *v = new QVBoxLayout(box);
                child.title = new QLabel(box);
                v->addWidget(child.title);
                child.model = new model::TableDataModel(m_db, box, nullptr, 50, 8);
                child.view = new QTableView(box);
                child.view->setObjectName(QStringLiteral("child_") + t.name);
                child.view->setModel(child.model);
                // Painted like the main grid: NULL in grey italics, labels beside the keys,
                // and sized to what it shows once the rows are there.
                child.view->setItemDelegate(new ValueDelegate(child.view));
                QTableView *view = child.view;
                connect(child.model, &model::TableDataModel::pageLoaded, view, [view] {
                    view->resizeColumnsToContents();
                    for (int c = 0; c < view->model()->columnCount(); ++c)
                        view->setColumnWidth(c, qMin(view->columnWidth(c), 240));
                });
                child.view->setEditTriggers(QAbstractItemView::NoEditTriggers);
                child.view->setSelectionBehavior(QAbstractItemView::SelectRows);
                child.view->verticalHeader()->setDefaultSectionSize(
                    child.view->fontMetrics().height() + 6);
                child.view->setMinimumHeight(120);
                child.view->setToolTip(tr("Double-click a row to open it in its own form."));
                v->addWidget(child.view);
                const int index = int(m_children.size());
                connect(child.view, &QTableView::doubleClicked, this,
                        [this, index](const QModelIndex &at) {
                            const Child &c = m_children.at(index);
                            // A single-column key opens that row; otherwise (a link table
                            // such as vacancies_replies) the rows of this parent.
                            const QStringList &key = c.table.primaryKey;
                            const QString by = key.size() == 1 ? key.first() : c.fk.columns.first();
                            const int column = int(c.model->query().columns().indexOf(by));
                            emit openChildRecord(
                                c.table.schema, c.table.name, by,
                                c.model->index(at.row(), column).data(Qt::EditRole));
                        });
                layout->addWidget(box);
                m_children << child;
            }
        }
    }
}

QWidget *RecordForm::editor(int column) const
{
    return column >= 0 && column < m_fields.size() ? m_fields.at(column).editor : nullptr;
}

QCheckBox *RecordForm::nullBox(int column) const
{
    return column >= 0 && column < m_fields.size() ? m_fields.at(column).null : nullptr;
}

QList<QTableView *> RecordForm::childGrids() const
{
    QList<QTableView *> out;
    for (const Child &c : m_children)
        out << c.view;
    return out;
}

void RecordForm::setCurrentRow(int row)
{
    const int rows = m_model->rowCount();
    row = rows == 0 ? -1 : qBound(0, row, rows - 1);
    const bool moved = row != m_row;
    m_row = row;
    if (moved) {
        for (Field &f : m_fields)
            f.refused.clear(); // about the row left behind
    }
    load();
    updateNavigation();
    if (moved) {
        loadChildren();
        emit currentRowChanged(m_row);
    }
}

void RecordForm::updateNavigation()
{
    const int rows = m_model->rowCount();
    m_first->setEnabled(m_row > 0);
    m_prev->setEnabled(m_row > 0);
    m_next->setEnabled(m_row >= 0 && m_row < rows - 1);
    m_last->setEnabled(m_row >= 0 && m_row < rows - 1);
    if (m_row < 0) {
        m_position->setText(tr("No row"));
        return;
    }
    QString where = tr("Row %L1 of %L2").arg(m_row + 1).arg(rows);
    if (m_model->isInsertRow(m_row))
        where = tr("New row (not committed)");
    m_position->setText(where);
}

void RecordForm::load()
{
    m_loading = true;
    const bool valid = m_row >= 0;
    const bool loadedRow =
        valid && m_model->index(m_row, 0).data(model::TableDataModel::IsLoadedRole).toBool();
    const bool deleted = valid && m_model->rowState(m_row) == EditableTableModel::RowState::Deleted;
    const QWidget *focus = QApplication::focusWidget();
    for (int c = 0; c < m_fields.size(); ++c) {
        Field &f = m_fields[c];
        const QModelIndex index = m_model->index(m_row, c);
        // The field being typed into keeps what the user types.
        const bool typing = focus && (focus == f.editor || f.editor->isAncestorOf(focus));
        const QVariant value = loadedRow ? index.data(Qt::EditRole) : QVariant();
        const bool isDefault = index.data(EditableTableModel::IsDefaultRole).toBool();
        const bool editable = loadedRow && !deleted && m_model->isColumnEditable(c);
        if (!typing)
            m_editors->setValue(f.editor, value,
                                index.data(model::TableDataModel::ForeignLabelRole).toString());
        if (f.null) {
            f.null->setChecked(loadedRow && value.isNull() && !isDefault);
            f.null->setEnabled(editable);
        }
        f.editor->setEnabled(editable && !(f.null && f.null->isChecked()));
        showProblem(c);
        const bool changed = index.data(EditableTableModel::CellChangedRole).toBool();
        f.editor->setStyleSheet(changed ? QStringLiteral("background: #ffecb3;") : QString());
    }
    m_loading = false;
}

// Under the field: what the rules say about its pending value, else why the editor did not
// take what was typed.
void RecordForm::showProblem(int column)
{
    Field &f = m_fields[column];
    QString problem =
        m_model->index(m_row, column).data(EditableTableModel::ProblemRole).toString();
    if (problem.isEmpty())
        problem = f.refused;
    f.problem->setText(problem);
    f.problem->setVisible(!problem.isEmpty());
}

void RecordForm::store(int column)
{
    if (m_loading || m_row < 0)
        return;
    const Field &f = m_fields.at(column);
    QVariant value;
    QString label;
    if (!(f.null && f.null->isChecked()))
        value = m_editors->value(f.editor, &label);
    const QModelIndex index = m_model->index(m_row, column);
    if (value.isNull() && !(f.null && f.null->isChecked()) &&
        m_editors->kind(column) != ColumnEditors::Kind::ForeignKey)
        value = QString(); // a text field emptied is an empty string, not NULL
    m_model->setData(index, value, Qt::EditRole);
    if (!label.isEmpty())
        m_model->setData(index, label, model::TableDataModel::ForeignLabelRole);
}

QVariantList RecordForm::currentKey() const
{
    if (m_row < 0 || m_model->isInsertRow(m_row))
        return {};
    return m_model->source()->rowKey(m_row);
}

void RecordForm::addActions(const QList<QAction *> &actions)
{
    for (QAction *action : actions) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        m_actions->addWidget(button);
    }
}

void RecordForm::loadChildren()
{
    m_childKey = currentKey();
    const bool real = !m_childKey.isEmpty();
    for (Child &c : m_children) {
        int at = -1;
        for (int i = 0; i < m_model->table().columns.size(); ++i) {
            if (m_model->table().columns.at(i).name == c.fk.refColumns.first())
                at = i;
        }
        // The key as stored, not as pending: children reference the committed row.
        const QVariant key =
            real && at >= 0
                ? m_model->index(m_row, at).data(model::EditableTableModel::OriginalRole)
                : QVariant();
        c.title->setText(
            tr("%1 referencing this row (%2)").arg(c.table.name, c.fk.columns.first()));
        model::TableQuery query = c.query;
        using model::query::Filter;
        // No row (or a new one): nothing can reference it yet.
        query.setFilter(key.isNull() ? Filter::never()
                                     : Filter::column(c.fk.columns.first(), Filter::Op::Eq, {key}));
        c.model->setQuery(query);
    }
}

} // namespace dbx::ui
