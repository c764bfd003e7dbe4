#include "ui/connection/passwordstore.h"

#include <qt6keychain/keychain.h>

#include <QMetaObject>

namespace dbx::ui {

namespace {

// The keychain's own error text is technical (D-Bus names, libsecret codes): it is kept in
// brackets after a sentence that says what happened.
QString describeFailure(const QKeychain::Job *job)
{
    QString reason;
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
        reason = PasswordStore::tr("no keychain service is running");
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        reason = PasswordStore::tr("access was denied");
        break;
    default:
        reason = PasswordStore::tr("the keychain reported an error");
        break;
    }
    const QString detail = job->errorString().trimmed();
    return detail.isEmpty() ? reason : QStringLiteral("%1: %2").arg(reason, detail);
}

// Every job the same way: never a plain-text fallback, deleted once it has finished.
template <typename JobType> JobType *makeJob(const QString &service, const QString &name)
{
    auto *job = new JobType(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(name);
    return job;
}

} // namespace

PasswordStore::PasswordStore(QObject *parent, const QString &service)
    : QObject(parent)
    , m_service(service)
{}

bool PasswordStore::knownSaved(const QString &name) const
{
    const auto it = m_cache.constFind(name);
    return it != m_cache.cend() && it->has_value();
}

// Answers from memory are delivered later too, so callers see one order of events whether the
// keychain was asked or not.
void PasswordStore::finish(QObject *context, const Callback &done, const Answer &answer)
{
    if (!done)
        return;
    QMetaObject::invokeMethod(
        context, [done, answer] { done(answer); }, Qt::QueuedConnection);
}

void PasswordStore::read(const QString &name, QObject *context, Callback done)
{
    const auto cached = m_cache.constFind(name);
    if (cached != m_cache.cend()) {
        finish(context, done, {true, *cached, {}});
        return;
    }
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, name);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [this, name, guard, done](QKeychain::Job *j) {
        Answer answer;
        if (j->error() == QKeychain::NoError) {
            answer = {true, static_cast<QKeychain::ReadPasswordJob *>(j)->textData(), {}};
            m_cache.insert(name, answer.password);
        } else if (j->error() == QKeychain::EntryNotFound) {
            answer.ok = true;
            m_cache.insert(name, std::nullopt);
        } else {
            answer.error = describeFailure(j); // not cached: the keychain may be unlocked later
        }
        if (guard && done)
            done(answer);
    });
    job->start();
}

void PasswordStore::write(const QString &name, const QString &password, QObject *context,
                          Callback done)
{
    const auto cached = m_cache.constFind(name);
    if (cached != m_cache.cend() && *cached == password) {
        finish(context, done, {true, password, {}});
        return;
    }
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, name);
    job->setTextData(password);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this,
            [this, name, password, guard, done](QKeychain::Job *j) {
                Answer answer;
                if (j->error() == QKeychain::NoError) {
                    answer = {true, password, {}};
                    m_cache.insert(name, password);
                } else {
                    answer.error = describeFailure(j);
                }
                if (guard && done)
                    done(answer);
            });
    job->start();
}

void PasswordStore::remove(const QString &name, QObject *context, Callback done)
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service, name);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [this, name, guard, done](QKeychain::Job *j) {
        Answer answer;
        // Deleting what is not there leaves the keychain as asked.
        if (j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound) {
            answer.ok = true;
            m_cache.insert(name, std::nullopt);
        } else {
            answer.error = describeFailure(j);
        }
        if (guard && done)
            done(answer);
    });
    job->start();
}

} // namespace dbx::ui
