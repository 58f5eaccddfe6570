package io.shopset.controller.crd;

/**
 * A condition's status, spelled as Kubernetes spells it.
 */
@SuppressWarnings("checkstyle:ConstantName")
public enum ConditionStatus {
    True, False, Unknown;

    public static ConditionStatus of(boolean b) {
        return b ? True : False;
    }
}
