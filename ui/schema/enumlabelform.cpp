#include "ui/schema/enumlabelform.h"

#include "model/sqlident.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace dbx::ui {

namespace {

// Every table column of the type: what the downgrade has to convert to the recreated type.
QList<migrations::TableDef> columnsOfType(const model::EnumInfo &type,
                                          const model::SchemaSnapshot &snapshot)
{
    QList<migrations::TableDef> tables;
    for (const model::SchemaInfo &schema : snapshot.schemas) {
        for (const model::TableInfo &table : schema.tables) {
            if (table.kind != model::TableInfo::Kind::Table)
                continue;
            migrations::TableDef def{schema.name, table.name, {}, {}, {}, {}};
            for (const model::ColumnInfo &column : table.columns) {
                if (column.dataType.enumSchema == type.schema &&
                    column.dataType.enumName == type.name)
                    def.columns << migrations::columnDefOf(column);
            }
            if (!def.columns.isEmpty())
                tables << def;
        }
    }
    return tables;
}

} // namespace

EnumLabelForm::EnumLabelForm(const model::EnumInfo &type, const model::SchemaSnapshot &snapshot,
                             const QString &after, QWidget *parent)
    : ChangeForm(parent)
    , m_label(new QLineEdit(this))
    , m_after(new QComboBox(this))
{
    m_base.kind = migrations::SchemaEdit::Kind::AddEnumLabel;
    m_base.schema = type.schema;
    m_base.enumType = migrations::EnumDef{type.schema, type.name, type.labels};
    m_base.enumColumns = columnsOfType(type, snapshot);
    m_label->setObjectName(QStringLiteral("enumLabel"));
    m_after->setObjectName(QStringLiteral("enumLabelAfter"));
    m_after->addItem(tr("(first)"), QString());
    for (const QString &label : type.labels)
        m_after->addItem(label, label);
    const QString place = after.isEmpty() && !type.labels.isEmpty() ? type.labels.last() : after;
    m_after->setCurrentIndex(qMax(0, m_after->findData(place)));
    connect(m_label, &QLineEdit::textChanged, this, &ChangeForm::edited);
    connect(m_after, &QComboBox::currentIndexChanged, this, &ChangeForm::edited);

    auto *note = new QLabel(tr("The downgrade recreates the type without the label and converts "
                               "its columns: rows that hold the label make the downgrade fail."),
                            this);
    note->setWordWrap(true);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Type:"), new QLabel(model::quoteQualified(type.schema, type.name), this));
    form->addRow(tr("Labels:"), new QLabel(type.labels.join(QLatin1String(", ")), this));
    form->addRow(tr("&New label:"), m_label);
    form->addRow(tr("&After:"), m_after);
    form->addRow(note);
}

migrations::SchemaEdit EnumLabelForm::change() const
{
    migrations::SchemaEdit change = m_base;
    change.newName = m_label->text().trimmed();
    change.afterLabel = m_after->currentData().toString();
    return change;
}

} // namespace dbx::ui
