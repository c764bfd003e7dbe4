#include "ui/console/parameterpanel.h"

#include "model/script/sqlparameters.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace dbx::ui {

namespace {

// `$3` is shown with its dollar and bound as "3", the way the runner names positional ones.
QString bindingName(const QString &shown)
{
    return shown.startsWith(u'$') ? shown.mid(1) : shown;
}

} // namespace

ParameterPanel::ParameterPanel(QWidget *parent)
    : QWidget(parent)
    , m_grid(new QGridLayout)
    , m_empty(new QLabel(tr("No parameters. Write :name or $1 in the SQL to bind a value."), this))
{
    setObjectName(QStringLiteral("parameterPanel"));
    m_empty->setWordWrap(true);
    m_empty->setObjectName(QStringLiteral("parameterPanelEmpty"));
    auto *title = new QLabel(tr("<b>Parameters</b>"), this);
    auto *rows = new QWidget;
    rows->setLayout(m_grid);
    m_grid->setColumnStretch(0, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(rows);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(title);
    layout->addWidget(m_empty);
    layout->addWidget(scroll, 1);
    rebuild();
}

void ParameterPanel::setSql(const QString &sql)
{
    QStringList names;
    for (const model::ParameterRef &ref : model::findParameters(sql)) {
        const QString name = ref.positional ? QLatin1Char('$') + ref.name : ref.name;
        if (!names.contains(name))
            names << name;
    }
    if (names == m_names)
        return;
    m_names = names;
    rebuild();
}

void ParameterPanel::rebuild()
{
    for (const Row &row : std::as_const(m_rows)) {
        delete row.label;
        delete row.value;
        delete row.isNull;
    }
    m_rows.clear();
    int r = 0;
    for (const QString &name : std::as_const(m_names)) {
        const QString key = bindingName(name);
        Row row;
        row.label = new QLabel(name.startsWith(u'$') ? name : QLatin1Char(':') + name);
        row.value = new QLineEdit;
        row.value->setMinimumWidth(80);
        row.value->setObjectName(QStringLiteral("parameterValue_") + key);
        row.isNull = new QCheckBox(tr("NULL"));
        row.isNull->setObjectName(QStringLiteral("parameterNull_") + key);
        row.label->setBuddy(row.value);
        const auto it = m_values.constFind(key);
        if (it != m_values.cend()) {
            row.value->setText(it->value_or(QString()));
            row.isNull->setChecked(!it->has_value());
            row.value->setEnabled(it->has_value());
        }
        connect(row.value, &QLineEdit::textChanged, this, [this, key] { remember(key); });
        connect(row.isNull, &QCheckBox::toggled, this, [this, key](bool isNull) {
            m_rows.value(key).value->setEnabled(!isNull);
            remember(key);
        });
        // The name above its value: long names (:min_compensation) leave the value and its
        // NULL box room in a narrow panel.
        m_grid->addWidget(row.label, 2 * r, 0, 1, 2);
        m_grid->addWidget(row.value, 2 * r + 1, 0);
        m_grid->addWidget(row.isNull, 2 * r + 1, 1);
        m_rows.insert(key, row);
        ++r;
    }
    for (int i = 0; i < m_grid->rowCount(); ++i)
        m_grid->setRowStretch(i, 0);
    m_grid->setRowStretch(2 * r, 1); // the rows at the top, the room below
    m_empty->setVisible(m_names.isEmpty());
}

void ParameterPanel::remember(const QString &name)
{
    const Row row = m_rows.value(name);
    if (!row.value)
        return;
    if (row.isNull->isChecked())
        m_values.insert(name, std::nullopt);
    else
        m_values.insert(name, row.value->text());
    emit valuesChanged();
}

model::ParameterValues ParameterPanel::values() const
{
    return m_values;
}

void ParameterPanel::setValues(const model::ParameterValues &values)
{
    m_values = values;
    rebuild();
}

QStringList ParameterPanel::unset(const QStringList &names) const
{
    QStringList missing;
    for (const QString &name : names) {
        // A value never typed is not an empty string: the user is asked for one.
        if (!m_values.contains(bindingName(name)))
            missing << name;
    }
    return missing;
}

QLineEdit *ParameterPanel::valueEdit(const QString &name) const
{
    return m_rows.value(bindingName(name)).value;
}

QCheckBox *ParameterPanel::nullBox(const QString &name) const
{
    return m_rows.value(bindingName(name)).isNull;
}

} // namespace dbx::ui
