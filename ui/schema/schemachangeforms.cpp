#include "ui/schema/schemachangeforms.h"

#include "model/sqlident.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace dbx::ui {

using migrations::ColumnDef;
using migrations::SchemaEdit;

namespace {

enum Column { NameColumn, TypeColumn, NotNullColumn, DefaultColumn, KeyColumn, ColumnCount };

QLabel *expressionNote(QWidget *parent)
{
    auto *note =
        new QLabel(QCoreApplication::translate(
                       "ChangeForm", "Defaults and conditions are SQL expressions, written into "
                                     "the DDL as typed: a text default needs quotes ('none')."),
                   parent);
    note->setWordWrap(true);
    note->setObjectName(QStringLiteral("expressionNote"));
    return note;
}

SchemaEdit baseChange(SchemaEdit::Kind kind, const model::TableInfo &table)
{
    SchemaEdit change;
    change.kind = kind;
    change.schema = table.schema;
    change.table = table.name;
    return change;
}

QStringList splitNames(const QString &text)
{
    QStringList names;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            names << part.trimmed();
    return names;
}

QLineEdit *lineEdit(ChangeForm *form, const QString &name, const QString &text = {})
{
    auto *edit = new QLineEdit(text, form);
    edit->setObjectName(name);
    QObject::connect(edit, &QLineEdit::textChanged, form, &ChangeForm::edited);
    return edit;
}

} // namespace

QComboBox *typeBox(QWidget *parent, const QString &current)
{
    auto *box = new QComboBox(parent);
    box->setEditable(true);
    box->addItems({QStringLiteral("integer"), QStringLiteral("bigint"), QStringLiteral("serial"),
                   QStringLiteral("bigserial"), QStringLiteral("text"),
                   QStringLiteral("varchar(255)"), QStringLiteral("boolean"),
                   QStringLiteral("numeric(12,2)"), QStringLiteral("date"),
                   QStringLiteral("timestamptz"), QStringLiteral("uuid"), QStringLiteral("jsonb")});
    box->setCurrentText(current.isEmpty() ? QStringLiteral("integer") : current);
    return box;
}

CreateTableForm::CreateTableForm(const QString &schema, QWidget *parent)
    : ChangeForm(parent)
    , m_schema(schema)
    , m_name(lineEdit(this, QStringLiteral("tableName")))
    , m_columns(new QTableWidget(0, ColumnCount, this))
{
    m_columns->setObjectName(QStringLiteral("tableColumns"));
    m_columns->setHorizontalHeaderLabels(
        {tr("Column"), tr("Type"), tr("Not null"), tr("Default"), tr("Primary key")});
    m_columns->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_columns->verticalHeader()->hide();
    connect(m_columns, &QTableWidget::itemChanged, this, &ChangeForm::edited);

    auto *add = new QPushButton(tr("Add Column"), this);
    add->setObjectName(QStringLiteral("addColumnRow"));
    auto *remove = new QPushButton(tr("Remove Column"), this);
    remove->setObjectName(QStringLiteral("removeColumnRow"));
    connect(add, &QPushButton::clicked, this, [this] { addColumn(); });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_columns->currentRow() >= 0) {
            m_columns->removeRow(m_columns->currentRow());
            emit edited();
        }
    });
    auto *form = new QFormLayout;
    form->addRow(tr("Schema:"), new QLabel(schema, this));
    form->addRow(tr("&Table name:"), m_name);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_columns, 1);
    layout->addLayout(buttons);
    layout->addWidget(expressionNote(this));
    ColumnDef id;
    id.name = QStringLiteral("id");
    id.type = QStringLiteral("serial");
    id.notNull = true;
    addColumn(id, true);
}

int CreateTableForm::addColumn(const ColumnDef &column, bool primaryKey)
{
    const QSignalBlocker quiet(m_columns);
    const int row = m_columns->rowCount();
    m_columns->insertRow(row);
    m_columns->setItem(row, NameColumn, new QTableWidgetItem(column.name));
    auto *type = typeBox(m_columns, column.type);
    m_columns->setCellWidget(row, TypeColumn, type);
    connect(type, &QComboBox::currentTextChanged, this, &ChangeForm::edited);
    for (const int c : {NotNullColumn, KeyColumn}) {
        auto *item = new QTableWidgetItem;
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        const bool on = c == NotNullColumn ? column.notNull : primaryKey;
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        m_columns->setItem(row, c, item);
    }
    m_columns->setItem(row, DefaultColumn, new QTableWidgetItem(column.defaultExpr));
    m_columns->setCurrentCell(row, NameColumn);
    emit edited();
    return row;
}

SchemaEdit CreateTableForm::change() const
{
    SchemaEdit change;
    change.kind = SchemaEdit::Kind::CreateTable;
    change.schema = m_schema;
    change.table = m_name->text().trimmed();
    for (int row = 0; row < m_columns->rowCount(); ++row) {
        const auto text = [&](int c) {
            return m_columns->item(row, c) ? m_columns->item(row, c)->text().trimmed() : QString();
        };
        const auto checked = [&](int c) {
            return m_columns->item(row, c) && m_columns->item(row, c)->checkState() == Qt::Checked;
        };
        const auto *type = qobject_cast<QComboBox *>(m_columns->cellWidget(row, TypeColumn));
        ColumnDef column;
        column.name = text(NameColumn);
        column.type = type ? type->currentText().trimmed() : QString();
        column.notNull = checked(NotNullColumn);
        column.defaultExpr = text(DefaultColumn);
        change.columns << column;
        if (checked(KeyColumn))
            change.primaryKey << column.name;
    }
    return change;
}

ColumnForm::ColumnForm(const model::TableInfo &table, const model::ColumnInfo *existing,
                       QWidget *parent)
    : ChangeForm(parent)
    , m_base(
          baseChange(existing ? SchemaEdit::Kind::AlterColumn : SchemaEdit::Kind::AddColumn, table))
    , m_name(lineEdit(this, QStringLiteral("columnName"), existing ? existing->name : QString()))
    , m_type(typeBox(this, existing ? existing->type : QString()))
    , m_notNull(new QCheckBox(tr("&Not null"), this))
    , m_default(lineEdit(this, QStringLiteral("columnDefault"),
                         existing ? existing->defaultExpr : QString()))
{
    if (existing) {
        m_base.column = existing->name;
        m_base.previous = migrations::columnDefOf(*existing);
        m_name->setReadOnly(true);
        m_notNull->setChecked(existing->notNull);
    }
    m_type->setObjectName(QStringLiteral("columnType"));
    m_notNull->setObjectName(QStringLiteral("columnNotNull"));
    connect(m_type, &QComboBox::currentTextChanged, this, &ChangeForm::edited);
    connect(m_notNull, &QCheckBox::toggled, this, &ChangeForm::edited);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Table:"), new QLabel(model::quoteQualified(table.schema, table.name), this));
    form->addRow(tr("&Column:"), m_name);
    form->addRow(tr("T&ype:"), m_type);
    form->addRow(QString(), m_notNull);
    form->addRow(tr("&Default:"), m_default);
    form->addRow(expressionNote(this));
}

SchemaEdit ColumnForm::change() const
{
    SchemaEdit change = m_base;
    // Altering starts from the column as it is, so what the form does not show stays.
    ColumnDef column = change.previous;
    column.name = m_name->text().trimmed();
    column.type = m_type->currentText().trimmed();
    column.notNull = m_notNull->isChecked();
    column.defaultExpr = m_default->text().trimmed();
    change.columns = {column};
    return change;
}

DropColumnForm::DropColumnForm(const model::TableInfo &table, const model::ColumnInfo &column,
                               QWidget *parent)
    : ChangeForm(parent)
    , m_change(baseChange(SchemaEdit::Kind::DropColumn, table))
{
    m_change.column = column.name;
    m_change.previous = migrations::columnDefOf(column);
    auto *text = new QLabel(tr("Drops column %1 of %2 with every value in it. The downgrade "
                               "adds the column back, empty.")
                                .arg(column.name, model::quoteQualified(table.schema, table.name)),
                            this);
    text->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(text);
}

KeyForm::KeyForm(SchemaEdit::Kind kind, const model::TableInfo &table,
                 const model::SchemaSnapshot &snapshot, QWidget *parent)
    : ChangeForm(parent)
    , m_base(baseChange(kind, table))
    , m_snapshot(snapshot)
    , m_name(lineEdit(this, QStringLiteral("constraintName")))
    , m_columns(new QListWidget(this))
{
    m_name->setPlaceholderText(tr("generated from the table and columns"));
    m_columns->setObjectName(QStringLiteral("keyColumns"));
    for (const model::ColumnInfo &column : table.columns) {
        auto *item = new QListWidgetItem(column.name, m_columns);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    connect(m_columns, &QListWidget::itemChanged, this, &ChangeForm::edited);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Table:"), new QLabel(model::quoteQualified(table.schema, table.name), this));
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("C&olumns:"), m_columns);
    if (kind == SchemaEdit::Kind::AddIndex) {
        m_unique = new QCheckBox(tr("&Unique"), this);
        m_unique->setObjectName(QStringLiteral("indexUnique"));
        connect(m_unique, &QCheckBox::toggled, this, &ChangeForm::edited);
        form->addRow(QString(), m_unique);
        return;
    }
    m_refTable = new QComboBox(this);
    m_refTable->setObjectName(QStringLiteral("referencedTable"));
    for (const model::SchemaInfo &schema : snapshot.schemas)
        for (const model::TableInfo &t : schema.tables)
            if (t.kind == model::TableInfo::Kind::Table ||
                t.kind == model::TableInfo::Kind::PartitionedTable)
                m_refTable->addItem(model::quoteQualified(t.schema, t.name),
                                    QStringList{t.schema, t.name});
    m_refColumns = lineEdit(this, QStringLiteral("referencedColumns"));
    m_refColumns->setPlaceholderText(tr("comma-separated, in the order of the columns"));
    m_onDelete = new QComboBox(this);
    m_onDelete->setObjectName(QStringLiteral("onDelete"));
    m_onDelete->addItems({QStringLiteral("NO ACTION"), QStringLiteral("CASCADE"),
                          QStringLiteral("SET NULL"), QStringLiteral("SET DEFAULT"),
                          QStringLiteral("RESTRICT")});
    connect(m_refTable, &QComboBox::currentIndexChanged, this, &KeyForm::referencedTableChosen);
    connect(m_onDelete, &QComboBox::currentIndexChanged, this, &ChangeForm::edited);
    form->addRow(tr("&References:"), m_refTable);
    form->addRow(tr("Referenced co&lumns:"), m_refColumns);
    form->addRow(tr("On &delete:"), m_onDelete);
    referencedTableChosen();
}

// The referenced table's primary key is what a foreign key nearly always points at.
void KeyForm::referencedTableChosen()
{
    const QStringList key = m_refTable->currentData().toStringList();
    if (const model::TableInfo *t = key.size() == 2 ? m_snapshot.table(key[0], key[1]) : nullptr)
        m_refColumns->setText(t->primaryKey.join(QLatin1String(", ")));
    emit edited();
}

SchemaEdit KeyForm::change() const
{
    SchemaEdit change = m_base;
    change.constraintName = m_name->text().trimmed();
    for (int row = 0; row < m_columns->count(); ++row)
        if (m_columns->item(row)->checkState() == Qt::Checked)
            change.keyColumns << m_columns->item(row)->text();
    if (m_unique)
        change.unique = m_unique->isChecked();
    if (m_refTable) {
        const QStringList key = m_refTable->currentData().toStringList();
        if (key.size() == 2) {
            change.refSchema = key[0];
            change.refTable = key[1];
        }
        change.refColumns = splitNames(m_refColumns->text());
        change.onDelete = m_onDelete->currentText();
    }
    return change;
}

CheckForm::CheckForm(const model::TableInfo &table, QWidget *parent)
    : ChangeForm(parent)
    , m_base(baseChange(SchemaEdit::Kind::AddCheck, table))
    , m_name(lineEdit(this, QStringLiteral("constraintName")))
    , m_expression(lineEdit(this, QStringLiteral("checkExpression")))
{
    m_name->setPlaceholderText(tr("generated from the table"));
    m_expression->setPlaceholderText(tr("for example: price > 0"));
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Table:"), new QLabel(model::quoteQualified(table.schema, table.name), this));
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Condition:"), m_expression);
    form->addRow(expressionNote(this));
}

SchemaEdit CheckForm::change() const
{
    SchemaEdit change = m_base;
    change.constraintName = m_name->text().trimmed();
    change.expression = m_expression->text().trimmed();
    return change;
}

RenameForm::RenameForm(const model::TableInfo &table, const QString &column, QWidget *parent)
    : ChangeForm(parent)
    , m_base(baseChange(
          column.isEmpty() ? SchemaEdit::Kind::RenameTable : SchemaEdit::Kind::RenameColumn, table))
    , m_name(lineEdit(this, QStringLiteral("newName"), column.isEmpty() ? table.name : column))
{
    m_base.column = column;
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(column.isEmpty() ? tr("Table:") : tr("Column:"),
                 new QLabel(column.isEmpty() ? model::quoteQualified(table.schema, table.name)
                                             : model::quoteIdent(column),
                            this));
    form->addRow(tr("&New name:"), m_name);
}

SchemaEdit RenameForm::change() const
{
    SchemaEdit change = m_base;
    change.newName = m_name->text().trimmed();
    return change;
}

} // namespace dbx::ui
