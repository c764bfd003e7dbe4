#include "ui/migrations/alembicsettingsdialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace dbx::ui {

using migrations::AlembicTool;

AlembicSettingsDialog::AlembicSettingsDialog(const AlembicTool &tool, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("alembicSettingsDialog"));
    setWindowTitle(tr("Alembic Settings"));
    m_program = pathField(QStringLiteral("alembicProgram"), tool.program);
    m_interpreter = pathField(QStringLiteral("alembicInterpreter"), tool.interpreter);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("alembicSettingsProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));

    auto *form = new QFormLayout;
    form->addRow(tr("alembic program:"), m_program);
    form->addRow(tr("Python interpreter:"), m_interpreter);
    auto *note = new QLabel(tr("Debian's alembic runs under /usr/bin/python3, which has "
                               "python3-sqlalchemy and python3-psycopg2. Another interpreter "
                               "needs alembic, SQLAlchemy and psycopg2 installed for it."),
                            this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] {
                m_program->setText(AlembicTool().program);
                m_interpreter->setText(AlembicTool().interpreter);
            });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    connect(m_program, &QLineEdit::textChanged, this, &AlembicSettingsDialog::check);
    connect(m_interpreter, &QLineEdit::textChanged, this, &AlembicSettingsDialog::check);
    check();
    resize(520, sizeHint().height());
}

QLineEdit *AlembicSettingsDialog::pathField(const QString &name, const QString &value)
{
    auto *field = new QLineEdit(value, this);
    field->setObjectName(name);
    field->setClearButtonEnabled(true);
    return field;
}

void AlembicSettingsDialog::check()
{
    QStringList problems;
    for (QLineEdit *field : {m_program, m_interpreter}) {
        const QFileInfo file(field->text());
        if (!file.isFile())
            problems << tr("%1 does not exist.").arg(field->text());
        else if (field == m_interpreter && !file.isExecutable())
            problems << tr("%1 is not executable.").arg(field->text());
    }
    m_problem->setText(problems.join(QLatin1Char('\n')));
    m_problem->setVisible(!problems.isEmpty());
}

AlembicTool AlembicSettingsDialog::tool() const
{
    return {m_program->text().trimmed(), m_interpreter->text().trimmed()};
}

AlembicTool AlembicSettingsDialog::load()
{
    QSettings settings;
    AlembicTool tool;
    tool.program = settings.value(QStringLiteral("alembic/program"), tool.program).toString();
    tool.interpreter =
        settings.value(QStringLiteral("alembic/interpreter"), tool.interpreter).toString();
    return tool;
}

void AlembicSettingsDialog::save(const AlembicTool &tool)
{
    QSettings settings;
    settings.setValue(QStringLiteral("alembic/program"), tool.program);
    settings.setValue(QStringLiteral("alembic/interpreter"), tool.interpreter);
}

} // namespace dbx::ui
