# Sourced by bin/runvault and bin/runvault-server: both run jars built for Java 25 with JDK 25's AOT cache options,
# which an older java refuses as an unrecognized option. Say what is wrong instead, and where a JDK 25 is (looked for
# under RUNVAULT_JDK_SEARCH, /usr/lib/jvm by default).

# JAVA_VERSION of a JDK's release file, as its feature version ("17.0.15" is 17, "1.8.0_292" is 8).
jdk_release_version() {
  [ -f "$1" ] && sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' "$1"
}

# Exits (status 1) saying what to do when $1, the java command about to run, is older than Java 25; $2 names the
# launcher. The version is read from the JDK's release file, without starting a JVM (the launcher's own start is part
# of every command's); a java whose version cannot be read that way is left to run.
require_jdk25() {
  jdk_java=$(command -v "$1" 2>/dev/null) || return 0
  jdk_java=$(readlink -f "$jdk_java" 2>/dev/null || printf '%s' "$jdk_java")
  jdk_version=$(jdk_release_version "${jdk_java%/bin/java}/release")
  if [ -n "$jdk_version" ] && [ "$jdk_version" -lt 25 ]; then
    echo "$2: $jdk_java is Java $jdk_version; Runvault needs a Java 25 JDK: set JAVA_HOME to one (README.md)" >&2
    for jdk_release in "${RUNVAULT_JDK_SEARCH:-/usr/lib/jvm}"/*/release; do
      jdk_found=$(jdk_release_version "$jdk_release")
      if [ -n "$jdk_found" ] && [ "$jdk_found" -ge 25 ]; then
        echo "$2: this machine has one: export JAVA_HOME=${jdk_release%/release}" >&2
        break
      fi
    done
    exit 1
  fi
}
