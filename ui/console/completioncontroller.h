#pragma once

#include "model/console/completionengine.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QsciScintilla;

namespace dbx::model {
class CompletionCatalogSource;
}

namespace dbx::ui {

// SQL completion for any QsciScintilla, in one call: `new CompletionController(editor,
// source)` (the editor owns it). After a keystroke that starts or extends a name, a '.', '::'
// or a space after FROM/JOIN/ON it shows the completion engine's list as the editor's user
// list, with an icon per kind; Ctrl+Space forces it, Enter or Tab accepts (replacing the word
// typed), Escape closes, and an accepted choice goes to the front of the recency list. The
// catalog comes from the source and is swapped in whenever it reloads.
class CompletionController : public QObject {
    Q_OBJECT
public:
    CompletionController(QsciScintilla *editor, model::CompletionCatalogSource *source);

    // Computes the list for the cursor now and shows it; `forced` (Ctrl+Space) shows it even
    // where completion would not pop up by itself.
    void showCompletions(bool forced = true);
    bool isListShown() const;
    const QList<model::CompletionCandidate> &shownCandidates() const { return m_shown; }
    model::CompletionRecency &recency() { return m_recency; }
    // How long the last list took: the engine alone, and from the keystroke to the list shown.
    double lastEngineMs() const { return m_engineMs; }
    double lastLatencyMs() const { return m_latencyMs; }

signals:
    void listShown(int count);
    void accepted(const dbx::model::CompletionCandidate &candidate);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void characterAdded(int character);
    void schedule();
    void accept(int id, const QString &item);
    bool spaceTriggers() const;
    QString display(const model::CompletionCandidate &candidate) const;
    void registerIcons();

    QPointer<QsciScintilla> m_editor;
    QPointer<model::CompletionCatalogSource> m_source;
    model::CompletionEngine m_engine;
    model::CompletionRecency m_recency;
    QList<model::CompletionCandidate> m_shown;
    QElapsedTimer m_sinceKey;
    bool m_pending = false;
    double m_engineMs = 0;
    double m_latencyMs = 0;
};

} // namespace dbx::ui
