#pragma once

#include "migrations/alembicproject.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace dbx::ui {

// Which alembic program and Python interpreter run Alembic projects. Debian's by default: a
// `python3` first on PATH may be another interpreter without Debian's modules. Kept in the
// settings; load() and save() are how the panel reads and stores them.
class AlembicSettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit AlembicSettingsDialog(const migrations::AlembicTool &tool, QWidget *parent = nullptr);

    migrations::AlembicTool tool() const;

    static migrations::AlembicTool load();
    static void save(const migrations::AlembicTool &tool);

private:
    QLineEdit *pathField(const QString &name, const QString &value);
    void check();

    QLineEdit *m_program;
    QLineEdit *m_interpreter;
    QLabel *m_problem;
};

} // namespace dbx::ui
