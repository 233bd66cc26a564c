package io.mailbridge.common;

/** Walking an exception's chain of causes. */
public final class Causes {

    private Causes() {
    }

    /** The innermost cause: the one that names what actually went wrong (a refused connection, a missing file). */
    public static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
