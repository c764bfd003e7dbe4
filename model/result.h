#pragma once

#include "model/dberror.h"

#include <optional>
#include <utility>

namespace dbx::model {

// Either a value or a DbError: expected failures (bad input, server errors) travel as values,
// never as exceptions, so they can cross Qt's queued signals and thread boundaries.
template <typename T> class Result {
public:
    Result(T value)
        : m_value(std::move(value))
    {}
    Result(DbError error)
        : m_error(std::move(error))
    {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const DbError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    DbError m_error;
};

// Result of an operation that only succeeds or fails.
class Status {
public:
    Status() = default;
    Status(DbError error)
        : m_error(std::move(error))
    {}
    bool ok() const { return !m_error.isError(); }
    explicit operator bool() const { return ok(); }
    const DbError &error() const { return m_error; }

private:
    DbError m_error;
};

} // namespace dbx::model
