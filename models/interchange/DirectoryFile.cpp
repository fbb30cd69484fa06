#include "interchange/DirectoryFile.h"

#include "core/JsonReader.h"
#include "domain/DirectorySink.h"
#include "interchange/DirectoryReader.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

namespace htmse {

namespace {
QLatin1StringView k(const char* key)
{
    return QLatin1StringView(key);
}
} // namespace

namespace {
// Keeps what the streaming reader hands over.
class CollectingSink : public DirectorySink
{
public:
    explicit CollectingSink(DirectoryFileContents& contents)
        : m_contents(contents)
    {}
    bool write(const QList<Professional>& professionals, const QList<Organisation>& organisations, QString*) override
    {
        m_contents.professionals += professionals;
        m_contents.organisations += organisations;
        return true;
    }

private:
    DirectoryFileContents& m_contents;
};
} // namespace

DirectoryFileContents DirectoryFile::read(const QByteArray& bytes)
{
    // The same reader as the importers', so a file means the same whichever way it is read.
    DirectoryFileContents out;
    QByteArray copy = bytes; // shared, not copied: QBuffer only reads it
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    CollectingSink sink(out);
    const ImportSummary summary =
        DirectoryReader::readDirectoryFile(&buffer, sink, std::numeric_limits<int>::max(), &out.header);
    for (const ImportProblem& p : summary.problems)
        out.problems.add(p.path, p.message);
    out.skipped = summary.skipped;
    out.readable = summary.readable;
    out.complete = summary.complete;
    return out;
}

DirectoryFile::Writer::Writer(QIODevice* device)
    : m_device(device)
{}

void DirectoryFile::Writer::write(const QByteArray& bytes)
{
    if (!m_error.isEmpty())
        return;
    if (m_device->write(bytes) != bytes.size())
        m_error = m_device->errorString().isEmpty() ? QStringLiteral("write failed") : m_device->errorString();
}

void DirectoryFile::Writer::begin(const QJsonObject& header)
{
    Q_ASSERT(m_section == -1);
    QJsonObject h = header;
    h.insert(k("format"), QStringLiteral("htmse-directory"));
    h.insert(k("version"), kVersion);
    QByteArray head = QJsonDocument(h).toJson(QJsonDocument::Compact);
    head.chop(1); // drop the closing brace; the record arrays follow
    write(head);
    m_section = -1;
    openSection(0);
}

void DirectoryFile::Writer::openSection(int section)
{
    if (m_section == 0 || m_section == 1)
        write(QByteArrayLiteral("\n]"));
    if (section == 0)
        write(QByteArrayLiteral(",\n\"organisations\": ["));
    else if (section == 1)
        write(QByteArrayLiteral(",\n\"professionals\": ["));
    m_section = section;
    m_firstInSection = true;
}

void DirectoryFile::Writer::addOrganisation(const Organisation& organisation)
{
    Q_ASSERT(m_section == 0);
    write(m_firstInSection ? QByteArrayLiteral("\n") : QByteArrayLiteral(",\n"));
    write(QJsonDocument(organisation.toJson()).toJson(QJsonDocument::Compact));
    m_firstInSection = false;
}

void DirectoryFile::Writer::addProfessional(const Professional& professional)
{
    if (m_section == 0)
        openSection(1);
    Q_ASSERT(m_section == 1);
    write(m_firstInSection ? QByteArrayLiteral("\n") : QByteArrayLiteral(",\n"));
    write(QJsonDocument(professional.toJson()).toJson(QJsonDocument::Compact));
    m_firstInSection = false;
}

bool DirectoryFile::Writer::finish()
{
    if (m_section == 0)
        openSection(1);
    openSection(2);
    write(QByteArrayLiteral("\n}\n"));
    return m_error.isEmpty();
}

} // namespace htmse
