print("kube-console")
