#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace dbx::ui {

class AutogenerateActions;

// A strip above the revisions that says whether the database has drifted from what its applied
// revisions produce ("Check for Drift" runs the comparison in a shadow database), lists the
// differences in its tooltip and offers "Generate revision" to write them as a revision.
class DriftBanner : public QFrame {
    Q_OBJECT
public:
    DriftBanner(AutogenerateActions *actions, QWidget *parent = nullptr);

    QLabel *message() const { return m_message; }

private:
    void showDrift(int differences, const QStringList &lines);
    void showProblem(const QString &message);

    AutogenerateActions *m_actions;
    QLabel *m_message;
    QPushButton *m_check;
    QPushButton *m_generate;
};

} // namespace dbx::ui
