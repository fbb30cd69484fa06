// FailDevice: a QIODevice that accepts `capacity` bytes and then fails every write, like a disk
// that fills up mid-write. Used by the fault tests.
#pragma once

#include <QBuffer>

namespace htmse::test {

class FailDevice : public QBuffer
{
public:
    explicit FailDevice(qint64 capacity)
        : m_capacity(capacity)
    {}

protected:
    qint64 writeData(const char* data, qint64 len) override
    {
        if (size() + len > m_capacity) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        return QBuffer::writeData(data, len);
    }

private:
    qint64 m_capacity;
};

} // namespace htmse::test
